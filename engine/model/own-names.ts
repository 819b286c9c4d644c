/**
 * Looking up a name the analyst chose (a stream, connection, lookup table, column, field) in an object
 * keyed by such names. `record[name]` also finds what every object inherits, so "toString" or
 * "constructor" would be found in a pipeline that defines no such stream, and "__proto__" would find
 * the prototype. Only the object's own entries count here.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

export function hasOwnName(record: object | undefined, name: string): boolean {
  return record !== undefined && Object.hasOwn(record, name);
}

/**
 * Sets `record[name]` as an own entry: assigning "__proto__" to an ordinary object would switch its
 * prototype instead of adding an entry. Cheap enough for a loop over every field of every row.
 */
export function setOwnEntry<T>(record: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__')
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

/** An empty object for entries keyed by names: nothing inherited, so every name is an ordinary key. */
export function nameRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
