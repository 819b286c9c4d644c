/**
 * A JSON parser that keeps every number's source text. JSON.parse turns 12345678901234567.89 into
 * 12345678901234568 before anyone can look at it, and Node 20's JSON.parse does not pass the source
 * text to a reviver, so amounts in JSONL files are read here instead: numbers come back as
 * `JsonNumber` tokens and the caller decides, per field type, how to make them exact values.
 */
import { MlcError } from '../../engine/model/errors.ts';

export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonTree =
  null | boolean | string | JsonNumber | readonly JsonTree[] | { readonly [key: string]: JsonTree };

export class JsonSyntaxError extends MlcError {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    /** 0-based character offset into the parsed text. */
    readonly offset: number,
  ) {
    super('JSON_MALFORMED', message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Nesting deeper than this is hostile input, refused before the call stack is. */
const MAX_DEPTH = 200;

export function parseJsonExact(text: string): JsonTree {
  const parser = new ExactJsonParser(text);
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos < text.length) parser.fail('unexpected text after the JSON value');
  return value;
}

class ExactJsonParser {
  pos = 0;
  constructor(readonly text: string) {}

  value(depth: number): JsonTree {
    this.skipSpace();
    const code = this.text.charCodeAt(this.pos);
    switch (code) {
      case 0x7b /* { */:
        return this.object(depth + 1);
      case 0x5b /* [ */:
        return this.array(depth + 1);
      case 0x22 /* " */:
        return this.string();
      case 0x74 /* t */:
        return this.literal('true', true);
      case 0x66 /* f */:
        return this.literal('false', false);
      case 0x6e /* n */:
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  object(depth: number): JsonTree {
    if (depth > MAX_DEPTH) this.fail(`objects nested deeper than ${MAX_DEPTH} levels`);
    this.pos++;
    // A null prototype, so a "__proto__" key is an ordinary field, not a prototype switch.
    const result: Record<string, JsonTree> = Object.create(null) as Record<string, JsonTree>;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a quoted field name');
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':' after a field name");
      this.pos++;
      result[key] = this.value(depth);
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos);
      this.pos++;
      if (next === 0x2c) continue;
      if (next === 0x7d) return result;
      this.pos--;
      this.fail("expected ',' or '}' in an object");
    }
  }

  array(depth: number): JsonTree {
    if (depth > MAX_DEPTH) this.fail(`arrays nested deeper than ${MAX_DEPTH} levels`);
    this.pos++;
    const result: JsonTree[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth));
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos);
      this.pos++;
      if (next === 0x2c) continue;
      if (next === 0x5d) return result;
      this.pos--;
      this.fail("expected ',' or ']' in an array");
    }
  }

  string(): string {
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(i);
      if (Number.isNaN(code)) {
        this.pos = start;
        this.fail('a string is never closed');
      }
      if (code === 0x22) break;
      if (code === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (code < 0x20) {
        this.pos = i;
        this.fail('a control character inside a string must be escaped');
      }
      i++;
    }
    this.pos = i + 1;
    if (!escaped) return this.text.slice(start + 1, i);
    // Escapes are rare; the built-in parser decodes them exactly (strings lose nothing in JSON.parse).
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      this.pos = start;
      return this.fail('a string has an invalid escape');
    }
  }

  number(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail('expected a JSON value');
    this.pos += match[0].length;
    return new JsonNumber(match[0]);
  }

  literal<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('expected a JSON value');
    this.pos += word.length;
    return value;
  }

  skipSpace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) i++;
      else break;
    }
    this.pos = i;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} (at character ${this.pos + 1})`, this.pos);
  }
}

/** A parsed tree back to JSON text, numbers exactly as written (for messages and held raw values). */
export function jsonTreeText(tree: JsonTree | undefined): string {
  if (tree === undefined) return '';
  if (tree instanceof JsonNumber) return tree.text;
  if (tree === null || typeof tree !== 'object') return JSON.stringify(tree);
  if (Array.isArray(tree)) return `[${(tree as readonly JsonTree[]).map(jsonTreeText).join(',')}]`;
  const entries = Object.entries(tree as { readonly [key: string]: JsonTree });
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${jsonTreeText(value)}`).join(',')}}`;
}
