/**
 * Field inference for JSONL: top-level fields follow the CSV rules (text that looks like a date is a
 * date, "00123" is an identifier); nested objects and lists are described as nested fields so the
 * mapping language can read paths such as address.city. Nested values are delivered as JSON gives them
 * (numbers exact), so their schema only uses what JSON itself can say: integer, decimal, boolean, string.
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import type { FieldSchema } from '../../engine/model/io.ts';
import { ColumnTypeInference, MAX_INTEGER_DIGITS, classifyText } from './infer.ts';
import { JsonNumber } from '../kit/json-exact.ts';
import type { JsonTree } from '../kit/json-exact.ts';

/** How a top-level field is read: coerced to a scalar type, or handed over as nested JSON. */
export type JsonFieldReading = { readonly kind: 'typed'; readonly type: FieldTypeName } | { readonly kind: 'nested' };

/** Deeper levels are still delivered, only not described in the schema. */
const MAX_DESCRIBED_DEPTH = 6;

export class JsonFieldInference {
  readonly #scalars = new ColumnTypeInference();
  #sawNested = false;
  #sawList = false;
  #children: Map<string, JsonFieldInference> | undefined;
  #elements: JsonFieldInference | undefined;

  constructor(
    /** Nested levels are described by JSON's own kinds only (see the module comment). */
    private readonly readsTextAsJson: boolean,
  ) {}

  observe(tree: JsonTree | undefined, hasDefaultZone: boolean, depth = 0): void {
    if (tree === undefined || tree === null) return;
    if (tree instanceof JsonNumber) {
      this.#scalars.observe(classifyJsonNumber(tree.text));
    } else if (typeof tree === 'string') {
      if (tree.length > 0) this.#scalars.observe(this.readsTextAsJson ? 'text' : classifyText(tree, hasDefaultZone));
    } else if (typeof tree === 'boolean') {
      this.#scalars.observe('boolean');
    } else if (Array.isArray(tree)) {
      this.#sawNested = true;
      this.#sawList = true;
      if (depth >= MAX_DESCRIBED_DEPTH) return;
      this.#elements ??= new JsonFieldInference(true);
      for (const element of tree as readonly JsonTree[]) this.#elements.observe(element, hasDefaultZone, depth + 1);
    } else {
      this.#sawNested = true;
      if (depth >= MAX_DESCRIBED_DEPTH) return;
      this.#children ??= new Map();
      for (const [key, child] of Object.entries(tree as { readonly [key: string]: JsonTree })) {
        let inference = this.#children.get(key);
        if (inference === undefined) {
          inference = new JsonFieldInference(true);
          this.#children.set(key, inference);
        }
        inference.observe(child, hasDefaultZone, depth + 1);
      }
    }
  }

  reading(): JsonFieldReading {
    return this.#sawNested ? { kind: 'nested' } : { kind: 'typed', type: this.#scalars.result() };
  }

  describe(name: string): FieldSchema {
    if (!this.#sawNested) return { name, type: this.#scalars.result() };
    const description = this.#scalars.sawAnything
      ? 'nested JSON (some rows hold a plain value instead)'
      : this.#sawList
        ? 'a list, read as JSON'
        : 'an object, read as JSON';
    const elements = this.#elements;
    const fields = this.#sawList ? elements?.childFields() : this.#children;
    return {
      name,
      // FieldTypeName has no name for a record or list; `fields` and `isList` carry the shape.
      type: this.#sawList && elements !== undefined ? elements.scalarOrString() : 'string',
      description,
      ...(this.#sawList ? { isList: true } : {}),
      ...(fields === undefined ? {} : { fields: [...fields].map(([key, child]) => child.describe(key)) }),
    };
  }

  childFields(): ReadonlyMap<string, JsonFieldInference> | undefined {
    return this.#children;
  }

  scalarOrString(): FieldTypeName {
    return this.#sawNested ? 'string' : this.#scalars.result();
  }
}

function classifyJsonNumber(text: string): 'integer' | 'decimal' | 'identifier' {
  if (!/^-?\d+$/.test(text)) return 'decimal';
  return text.replace('-', '').length > MAX_INTEGER_DIGITS ? 'identifier' : 'integer';
}
