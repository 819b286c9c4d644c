import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OPTION_LINE_LIMIT,
  OPTION_TEXT_WIDTH,
  OptionTokenTooLongError,
  alphaInput,
  charLiteral,
  keyRangeTokens,
  onOrAfterDayTokens,
  optionLines,
} from './read-table-options.ts';

describe('RFC_READ_TABLE OPTIONS lines', () => {
  it('breaks a long WHERE clause only between tokens, each line within 70 characters', () => {
    const tokens = [
      ...onOrAfterDayTokens('ERDAT', '2024-03-01'),
      'AND',
      ...keyRangeTokens('LIFNR', alphaInput('100000', 10), alphaInput('199999', 10)),
      'AND',
      'NAME1',
      '=',
      charLiteral("O'Brien Tooling GmbH & Co. KG Niederlassung Süd"),
    ];
    const lines = optionLines(tokens);
    expect(lines).toEqual([
      "ERDAT >= '20240301' AND ( LIFNR >= '0000100000' AND LIFNR <=",
      "'0000199999' ) AND NAME1 =",
      "'O''Brien Tooling GmbH & Co. KG Niederlassung Süd'",
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(OPTION_LINE_LIMIT);
  });

  it('keeps a short clause on one line and writes nothing for no tokens', () => {
    expect(optionLines(['LOEVM', '=', "' '"])).toEqual(["LOEVM = ' '"]);
    expect(optionLines([])).toEqual([]);
  });

  it('refuses a token no line can carry rather than cutting a literal', () => {
    expect(() => optionLines(['NAME1', '=', charLiteral('x'.repeat(70))])).toThrow(OptionTokenTooLongError);
  });

  it('property: every line fits, no token is cut, and the lines rejoin to the clause', () => {
    const token = fc.oneof(
      fc.constantFrom('AND', 'OR', '(', ')', '=', '>=', '<=', 'LIFNR', 'ERDAT', 'OBJECTCLAS'),
      fc
        .string({ minLength: 0, maxLength: 60 })
        .map(charLiteral)
        .filter((t) => t.length <= OPTION_LINE_LIMIT),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const lines = optionLines(tokens);
        for (const line of lines) {
          expect(line.length).toBeLessThanOrEqual(OPTION_LINE_LIMIT);
          expect(line.length).toBeLessThanOrEqual(OPTION_TEXT_WIDTH);
        }
        expect(lines.join(' ')).toBe(tokens.join(' '));
        // Greedy: a line's first token would not have fitted on the line before.
        for (let i = 1; i < lines.length; i++) {
          const firstToken = tokens.find((t) => lines[i]!.startsWith(t))!;
          expect(`${lines[i - 1]} ${firstToken}`.length).toBeGreaterThan(OPTION_LINE_LIMIT);
        }
      }),
    );
  });
});

describe('ALPHA keys and literals', () => {
  it('zero-pads numeric keys to the field length and leaves alphanumeric keys as typed', () => {
    expect(alphaInput('100003', 10)).toBe('0000100003');
    expect(alphaInput('0000100003', 10)).toBe('0000100003');
    expect(alphaInput('VEND-A', 10)).toBe('VEND-A');
    expect(alphaInput('4711', 18)).toBe('000000000000004711');
  });

  it('doubles quotes inside a character literal', () => {
    expect(charLiteral("D'Amico")).toBe("'D''Amico'");
  });
});
