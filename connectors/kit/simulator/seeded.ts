/**
 * Deterministic randomness for simulators: the same seed gives the same data, faults and changes on
 * every machine, so a failing run can be replayed. mulberry32: small, fast, good enough for test data.
 */
export interface SeededRandom {
  /** [0, 1) */
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** A decimal string in [min, max] with `scale` digits after the point; exact, never a float's digits. */
  decimal(min: number, max: number, scale: number): string;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, maxInclusive: number): number => min + Math.floor(next() * (maxInclusive - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    decimal: (min, max, scale) => {
      const factor = 10 ** scale;
      const units = BigInt(int(Math.round(min * factor), Math.round(max * factor)));
      const negative = units < 0n;
      const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
      const whole = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      return negative ? `-${whole}` : whole;
    },
  };
}

/** A stable number in [0, 1) for (seed, parts): which record changes at which step, without shared state. */
export function seededHash(seed: number, ...parts: readonly (number | string)[]): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return seededRandom(hash).next();
}
