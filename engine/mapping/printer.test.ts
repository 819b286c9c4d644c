import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeOf, type BinaryOperator, type Expr, type PathSegment } from './ast.ts';
import { parse } from './parser.ts';
import { print } from './printer.ts';

const NO_RANGE = { start: 0, end: 0 };

function reprint(text: string): string {
  const result = parse(text);
  expect(result.problems).toEqual([]);
  return print(result.ast);
}

describe('print', () => {
  it('writes canonical text', () => {
    expect(reprint('if(left( ACTNUMST ,1)="4","REVENUE" ,  "OTHER")')).toBe(
      'IF(LEFT(ACTNUMST, 1) = "4", "REVENUE", "OTHER")',
    );
    expect(reprint('round((DEBITAMT-CRDTAMNT),2)')).toBe('ROUND(DEBITAMT - CRDTAMNT, 2)');
    expect(reprint('true & null & false')).toBe('TRUE & NULL & FALSE');
  });

  it('keeps only the parentheses precedence needs', () => {
    expect(reprint('(a + b) * c')).toBe('(a + b) * c');
    expect(reprint('a + (b * c)')).toBe('a + b * c');
    expect(reprint('a - (b - c)')).toBe('a - (b - c)');
    expect(reprint('(a - b) - c')).toBe('a - b - c');
    expect(reprint('-(a + b)')).toBe('-(a + b)');
    expect(reprint('(-a) * b')).toBe('-a * b');
  });

  it('keeps arguments left empty', () => {
    expect(reprint('if(a,1,)')).toBe('IF(a, 1, )');
    expect(reprint('TEXTJOIN(",",,a)')).toBe('TEXTJOIN(",", , a)');
  });

  it('quotes odd names and text', () => {
    expect(reprint('[Account Number]')).toBe('[Account Number]');
    expect(reprint('[ACTNUMST]')).toBe('ACTNUMST');
    expect(reprint('[null]')).toBe('[null]');
    expect(reprint('vendor[Street Name][0]')).toBe('vendor.[Street Name][0]');
    expect(reprint('[a]]b]')).toBe('[a]]b]');
    expect(reprint('"say ""hi"""')).toBe('"say ""hi"""');
  });

  it('refuses to print text that did not parse', () => {
    expect(() => print({ kind: 'error', range: NO_RANGE })).toThrow(/syntax error/);
  });
});

// ---- property: parse(print(ast)) has the same shape as ast ----

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const oddName = fc
  .oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }))
  .filter((s) => s.trim() !== '');
const fieldName = fc.oneof(identifier, oddName, fc.constantFrom('TRUE', 'null', 'IF', 'AND', '0', 'a.b', 'x]y'));
const segment: fc.Arbitrary<PathSegment> = fc.oneof(
  fieldName.map((name) => ({ kind: 'name' as const, name, range: NO_RANGE })),
  fc.nat({ max: 1000 }).map((index) => ({ kind: 'index' as const, index, range: NO_RANGE })),
);
const fieldRef: fc.Arbitrary<Expr> = fc.tuple(fieldName, fc.array(segment, { maxLength: 3 })).map(([first, rest]) => ({
  kind: 'field',
  path: [{ kind: 'name', name: first, range: NO_RANGE }, ...rest],
  range: NO_RANGE,
}));
const numberText = fc.oneof(
  fc.stringMatching(/^[0-9]{1,6}$/),
  fc.tuple(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(/^[0-9]{1,4}$/)).map(([a, b]) => `${a}.${b}`),
);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fieldRef,
  fc.string({ maxLength: 10, unit: 'grapheme' }).map((value): Expr => ({ kind: 'string', value, range: NO_RANGE })),
  numberText.map((text): Expr => ({ kind: 'number', text, range: NO_RANGE })),
  fc.boolean().map((value): Expr => ({ kind: 'boolean', value, range: NO_RANGE })),
  fc.constant<Expr>({ kind: 'null', range: NO_RANGE }),
);
const binaryOperator = fc.constantFrom<BinaryOperator>('+', '-', '*', '/', '&', '=', '<>', '<', '<=', '>', '>=');
const functionName = fc.oneof(
  fc.constantFrom('IF', 'ROUND', 'LEFT', 'LOOKUP', 'TRUE', 'NULL'),
  identifier.map((s) => s.toUpperCase()),
);

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('expr').map((operand): Expr => ({ kind: 'unary', operator: '-', operand, range: NO_RANGE })),
    fc.tuple(binaryOperator, tie('expr'), tie('expr')).map(([operator, left, right]): Expr => ({
      kind: 'binary',
      operator,
      left,
      right,
      operatorRange: NO_RANGE,
      range: NO_RANGE,
    })),
    fc
      .tuple(
        functionName,
        fc
          .array(fc.oneof(tie('expr'), fc.constant<Expr>({ kind: 'omitted', range: NO_RANGE })), { maxLength: 4 })
          // F() has no arguments, as in a spreadsheet: one empty argument alone cannot be written.
          .filter((args) => args.length !== 1 || args[0]?.kind !== 'omitted'),
      )
      .map(([name, args]): Expr => ({ kind: 'call', name, args, nameRange: NO_RANGE, range: NO_RANGE })),
  ),
}));

describe('parse(print(ast))', () => {
  it('gives back the same tree for any tree', () => {
    fc.assert(
      fc.property(expr, (ast) => {
        const text = print(ast);
        const reparsed = parse(text);
        expect(reparsed.problems).toEqual([]);
        expect(shapeOf(reparsed.ast)).toEqual(shapeOf(ast));
      }),
      { numRuns: 2000 },
    );
  });

  it('is stable: printing the reparsed tree gives the same text', () => {
    fc.assert(
      fc.property(expr, (ast) => {
        const text = print(ast);
        expect(print(parse(text).ast)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
