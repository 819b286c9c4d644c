/**
 * Errors raised by the runtime value types. Callers decide what to do by `code`, never by parsing
 * `message`; the message is written for an analyst and names the bad input.
 */

/** Codes for text (or numbers) that do not form a value of the wanted type. */
export type ValueFormatErrorCode =
  | 'INVALID_DECIMAL'
  | 'INVALID_INTEGER'
  | 'INVALID_DATE'
  | 'INVALID_TIMESTAMP'
  | 'MISSING_OFFSET'
  | 'UNKNOWN_ZONE'
  | 'OUT_OF_RANGE';

/** Codes for arithmetic that has no exact answer. */
export type ValueArithmeticErrorCode = 'DIVISION_BY_ZERO' | 'LOSES_DIGITS' | 'NOT_AN_INTEGER' | 'OUT_OF_RANGE';

/** The base of every value error, so a caller can catch them all with one `instanceof`. */
export abstract class ValueError extends Error {
  abstract readonly code: string;
}

export class ValueFormatError extends ValueError {
  override readonly name = 'ValueFormatError';
  constructor(
    readonly code: ValueFormatErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ValueArithmeticError extends ValueError {
  override readonly name = 'ValueArithmeticError';
  constructor(
    readonly code: ValueArithmeticErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Quotes user input for a message, cut to `max` characters so a huge cell cannot flood a log line. */
export function quoteInput(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}
