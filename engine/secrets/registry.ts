/**
 * Remembers every secret value this process has resolved or stored, so that logs, audit payloads and
 * error messages can be scrubbed before they leave it. Callers should never put a secret in a message
 * in the first place; this catches the vendor error that echoes a password or a header back.
 */
import { secretForms } from './secret-forms.ts';

export const SECRET_MASK = '***';

export class SecretRegistry {
  readonly #values = new Set<string>();
  /** Every spelling of every value, longest first, so a value that contains another is masked whole. */
  #forms: string[] = [];

  /**
   * Values shorter than MIN_SECRET_LENGTH are kept out: masking them would mangle ordinary text. A value
   * that is already a spelling of one remembered is nothing new: runs hand `secretValues()` (every
   * spelling) back as values, and spellings of spellings would grow tenfold with each run of a process.
   */
  remember(value: string): void {
    if (this.#values.has(value) || this.#forms.includes(value)) return;
    const forms = secretForms(value);
    if (forms.length === 0) return;
    this.#values.add(value);
    const all = new Set([...this.#forms, ...forms]);
    this.#forms = [...all].sort((a, b) => b.length - a.length);
  }

  /** How many values are remembered (not their spellings). */
  get size(): number {
    return this.#values.size;
  }

  /**
   * Every string that must not be written: the values and their encoded spellings. This is what the
   * run store's `secretValues` hook masks, so encoded forms are caught there as well.
   */
  secretValues(): readonly string[] {
    return this.#forms;
  }

  scrub(text: string): string {
    let result = text;
    for (const form of this.#forms) {
      if (result.includes(form)) result = result.split(form).join(SECRET_MASK);
    }
    return result;
  }

  /**
   * A copy with every string inside plain objects and arrays scrubbed, keys included. An Error becomes
   * a plain `{ name, message, stack, ... }` (what a log or audit payload needs, and JSON keeps). Other
   * objects (dates, decimals, buffers) carry no text of their own and are returned as they are.
   */
  scrubValue<T>(value: T): T {
    if (this.#forms.length === 0) return value;
    return this.#scrubTree(value, new WeakMap()) as T;
  }

  #scrubTree(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (value === null || typeof value !== 'object') return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(this.#scrubTree(item, seen));
      return copy;
    }
    if (value instanceof Error) {
      const copy: Record<string, unknown> = {};
      seen.set(value, copy);
      const fields: Record<string, unknown> = { name: value.name, message: value.message, stack: value.stack };
      if (value.cause !== undefined) fields.cause = value.cause;
      for (const [key, item] of Object.entries({ ...fields, ...value })) {
        if (item !== undefined) copy[this.scrub(key)] = this.#scrubTree(item, seen);
      }
      return copy;
    }
    if (!isPlainObject(value)) return value;
    const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) copy[this.scrub(key)] = this.#scrubTree(item, seen);
    return copy;
  }
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The process-wide registry: the stores remember into it unless given another (tests give their own). */
export const secretRegistry = new SecretRegistry();

export const rememberSecret = (value: string): void => secretRegistry.remember(value);
export const scrub = (text: string): string => secretRegistry.scrub(text);
export const scrubValue = <T>(value: T): T => secretRegistry.scrubValue(value);
export const secretValues = (): readonly string[] => secretRegistry.secretValues();
