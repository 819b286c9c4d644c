/**
 * Reading a top-level source field: `row[name]`, with a missing field read as NULL.
 *
 * Why a table of identical-looking functions: JS engines keep one inline cache per function
 * *literal*. A single shared reader would see every field name of every mapping and fall back to a
 * generic lookup for each read (the largest cost of a simple mapping after writing the target row,
 * see row-writers.ts). Each field name is given its own reader literal, the same one every time,
 * so each read stays on the fast path. Past the table's size, names share literals, which is
 * correct, only slower. This is plain closures: no code is made from text.
 */
import type { RowFunction } from './closure-types.ts';

type ReaderFactory = (name: string) => RowFunction;

/* prettier-ignore */
const READER_FOR: readonly ReaderFactory[] = [
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
  (name) => (row) => { const value = row[name]; return value === undefined ? null : value; },
];

/** Which reader literal each field name uses; stable for the life of the process. */
const slotOfName = new Map<string, number>();

export function fieldReader(name: string): RowFunction {
  // A name every object inherits ("constructor", "toString"...) must not read the inherited value
  // when the row lacks the field.
  if (name in Object.prototype) return (row) => (Object.hasOwn(row, name) ? (row[name] ?? null) : null);
  let slot = slotOfName.get(name);
  if (slot === undefined) {
    slot = slotOfName.size % READER_FOR.length;
    // Names beyond the table share slots; stop remembering them so the map cannot grow unbounded.
    if (slotOfName.size < 4096) slotOfName.set(name, slot);
  }
  return (READER_FOR[slot] as ReaderFactory)(name);
}
