import { describe, expect, it } from 'vitest';
import { shapeOf, type Expr } from './ast.ts';
import { toDiagnostics } from './diagnostics.ts';
import { parse } from './parser.ts';

function shape(text: string): unknown {
  const result = parse(text);
  expect(result.problems).toEqual([]);
  return shapeOf(result.ast);
}

function problemsOf(text: string): { code: string; message: string; text: string }[] {
  return parse(text).problems.map((p) => ({
    code: p.code,
    message: p.message,
    text: text.slice(p.range.start, p.range.end),
  }));
}

const field = (...path: (string | number)[]) => ({
  kind: 'field',
  path: path.map((s) => (typeof s === 'number' ? { index: s } : { name: s })),
});
const num = (text: string) => ({ kind: 'number', text });
const str = (value: string) => ({ kind: 'string', value });
const bin = (operator: string, left: unknown, right: unknown) => ({ kind: 'binary', operator, left, right });
const call = (name: string, ...args: unknown[]) => ({ kind: 'call', name, args });

describe('literals', () => {
  it('reads numbers as their source text, integer or decimal by the dot', () => {
    expect(shape('42')).toEqual(num('42'));
    expect(shape('0.10')).toEqual(num('0.10'));
    expect(shape('007')).toEqual(num('007'));
  });

  it('reads text in double quotes, with "" standing for one quote', () => {
    expect(shape('"REVENUE"')).toEqual(str('REVENUE'));
    expect(shape('"say ""hi"""')).toEqual(str('say "hi"'));
    expect(shape('""')).toEqual(str(''));
  });

  it('reads TRUE, FALSE and NULL in any case', () => {
    expect(shape('TRUE')).toEqual({ kind: 'boolean', value: true });
    expect(shape('false')).toEqual({ kind: 'boolean', value: false });
    expect(shape('Null')).toEqual({ kind: 'null' });
  });
});

describe('field references', () => {
  it('reads plain, nested and indexed paths', () => {
    expect(shape('ACTNUMST')).toEqual(field('ACTNUMST'));
    expect(shape('vendor.address[0].city')).toEqual(field('vendor', 'address', 0, 'city'));
    expect(shape('lines[12]')).toEqual(field('lines', 12));
  });

  it('reads odd names in [brackets], with ]] standing for one ]', () => {
    expect(shape('[Account Number]')).toEqual(field('Account Number'));
    expect(shape('vendor.[Street Name]')).toEqual(field('vendor', 'Street Name'));
    expect(shape('[a]]b]')).toEqual(field('a]b'));
    expect(shape('[TRUE]')).toEqual(field('TRUE'));
    expect(shape('vendor[Street Name]')).toEqual(field('vendor', 'Street Name'));
  });

  it('gives each path step its own range', () => {
    const text = 'vendor.[Street Name]';
    const ast = parse(text).ast as Expr & { kind: 'field' };
    expect(ast.path.map((s) => text.slice(s.range.start, s.range.end))).toEqual(['vendor', '[Street Name]']);
    expect(ast.range).toEqual({ start: 0, end: text.length });
  });
});

describe('operators', () => {
  it('follows spreadsheet precedence: * / over + - over & over comparisons', () => {
    expect(shape('a + b * c')).toEqual(bin('+', field('a'), bin('*', field('b'), field('c'))));
    expect(shape('a & b + c')).toEqual(bin('&', field('a'), bin('+', field('b'), field('c'))));
    expect(shape('a & b = c')).toEqual(bin('=', bin('&', field('a'), field('b')), field('c')));
    expect(shape('(a + b) * c')).toEqual(bin('*', bin('+', field('a'), field('b')), field('c')));
  });

  it('groups equal precedence from the left', () => {
    expect(shape('a - b - c')).toEqual(bin('-', bin('-', field('a'), field('b')), field('c')));
    expect(shape('a / b * c')).toEqual(bin('*', bin('/', field('a'), field('b')), field('c')));
  });

  it('binds negation tighter than any binary operator', () => {
    expect(shape('-a * b')).toEqual(bin('*', { kind: 'unary', operator: '-', operand: field('a') }, field('b')));
    expect(shape('--1')).toEqual({
      kind: 'unary',
      operator: '-',
      operand: { kind: 'unary', operator: '-', operand: num('1') },
    });
  });

  it('reads every comparison operator', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>='])
      expect(shape(`a ${op} 1`)).toEqual(bin(op, field('a'), num('1')));
  });

  it('records where the operator is written', () => {
    const ast = parse('a  <>  b').ast as Expr & { kind: 'binary' };
    expect(ast.operatorRange).toEqual({ start: 3, end: 5 });
  });
});

describe('calls', () => {
  it('reads calls with upper-cased names and any number of arguments', () => {
    expect(shape('round(DEBITAMT - CRDTAMNT, 2)')).toEqual(
      call('ROUND', bin('-', field('DEBITAMT'), field('CRDTAMNT')), num('2')),
    );
    expect(shape('TODAY()')).toEqual(call('TODAY'));
    expect(shape('IF(LEFT(ACTNUMST, 1) = "4", "REVENUE", "OTHER")')).toEqual(
      call('IF', bin('=', call('LEFT', field('ACTNUMST'), num('1')), str('4')), str('REVENUE'), str('OTHER')),
    );
  });

  it('reads an argument left empty between commas as an omitted argument, as spreadsheets do', () => {
    const omitted = { kind: 'omitted' };
    expect(shape('IF(a, 1, )')).toEqual(call('IF', field('a'), num('1'), omitted));
    expect(shape('IF(a, , 2)')).toEqual(call('IF', field('a'), omitted, num('2')));
    expect(shape('TEXTJOIN(",", , a)')).toEqual(call('TEXTJOIN', str(','), omitted, field('a')));
    expect(shape('F(,)')).toEqual(call('F', omitted, omitted));
    // No argument at all is no argument, not an omitted one.
    expect(shape('TODAY()')).toEqual(call('TODAY'));
    expect(problemsOf('IF(a, 1, )')).toEqual([]);
  });

  it('accepts a leading = as spreadsheet users type it', () => {
    expect(shape('=ROUND(x, 2)')).toEqual(call('ROUND', field('x'), num('2')));
  });

  it('covers the whole call in its range and the name in nameRange', () => {
    const text = ' LOOKUP(cost_centers, ACTNUMST) ';
    const ast = parse(text).ast as Expr & { kind: 'call' };
    expect(text.slice(ast.range.start, ast.range.end)).toBe('LOOKUP(cost_centers, ACTNUMST)');
    expect(text.slice(ast.nameRange.start, ast.nameRange.end)).toBe('LOOKUP');
  });
});

describe('syntax errors', () => {
  it('reports an empty expression', () => {
    expect(problemsOf('   ')).toEqual([{ code: 'syntax.empty', message: 'The expression is empty.', text: '' }]);
  });

  it('reports a missing operand at the operator', () => {
    expect(problemsOf('a +')).toEqual([
      { code: 'syntax.missing-operand', message: 'A value is missing after +.', text: '+' },
    ]);
  });

  it('reports an unclosed call at its name', () => {
    expect(problemsOf('ROUND(a, 2')).toEqual([
      { code: 'syntax.unclosed-paren', message: 'ROUND( is missing its closing ).', text: 'ROUND(' },
    ]);
  });

  it('reports unclosed text and unclosed bracketed names', () => {
    expect(problemsOf('"abc').map((p) => p.code)).toEqual(['syntax.unclosed-string']);
    expect(problemsOf('[Account Number').map((p) => p.code)).toEqual(['syntax.unclosed-name']);
  });

  it('recovers at commas to report a mistake in each argument', () => {
    const found = problemsOf('IF(a + , b * * c, d e)');
    expect(found.map((p) => [p.code, p.text])).toEqual([
      ['syntax.missing-operand', '+'],
      ['syntax.unexpected', '*'],
      ['syntax.unexpected', 'e'],
    ]);
  });

  it('keeps the readable arguments when one argument is broken', () => {
    const result = parse('ROUND(a * , 2)');
    const ast = result.ast as Expr & { kind: 'call' };
    expect(ast.args).toHaveLength(2);
    expect(shapeOf(ast.args[1] as Expr)).toEqual(num('2'));
  });

  it('recovers at ) and goes on to report later mistakes', () => {
    const found = problemsOf('LEFT(a b) & MID(c, 2 +, 2)');
    expect(found.map((p) => p.code)).toEqual(['syntax.unexpected', 'syntax.missing-operand']);
  });

  it('reports a stray ) and text after a complete expression', () => {
    expect(problemsOf('ROUND(a, 2))')).toEqual([
      { code: 'syntax.unexpected', message: 'This ) has no matching (.', text: ')' },
    ]);
    expect(problemsOf('a b')[0]?.message).toBe('An operator (such as + or &) is missing before "b".');
  });

  it('explains habits from other languages with the spreadsheet way', () => {
    expect(problemsOf('a == 1')).toEqual([
      { code: 'syntax.wrong-operator', message: 'Use = to compare values, not ==.', text: '==' },
    ]);
    expect(problemsOf('a != 1')[0]?.message).toBe('Use <> for "is not equal to", not !=.');
    expect(problemsOf("a = 'x'")[0]?.code).toBe('syntax.wrong-quote');
    expect(problemsOf('ROUND(a; 2)')[0]?.code).toBe('syntax.wrong-separator');
    expect(problemsOf('a = 1 AND b = 2')[0]?.message).toBe(
      'Combine conditions with AND(first, second), not with the word AND between them.',
    );
    expect(problemsOf('IF(a = 1 OR b = 2, 1, 2)')[0]?.message).toContain('OR(first, second)');
    expect(problemsOf('a && b')).toHaveLength(1);
  });

  it('still produces the intended tree after a recoverable habit', () => {
    const result = parse('a == 1');
    expect(shapeOf(result.ast)).toEqual(bin('=', field('a'), num('1')));
  });

  it('reports characters with no meaning', () => {
    expect(problemsOf('a # b').map((p) => [p.code, p.text])).toEqual([['syntax.bad-character', '#']]);
  });

  it('reports a missing field name after a dot and an empty bracketed name', () => {
    expect(problemsOf('vendor.').map((p) => p.code)).toEqual(['syntax.unexpected']);
    expect(problemsOf('[ ]').map((p) => p.code)).toEqual(['syntax.empty-name']);
  });

  it('reports a missing ) of a parenthesised expression', () => {
    expect(problemsOf('(a + b')).toEqual([
      { code: 'syntax.unclosed-paren', message: 'This ( is missing its closing ).', text: '(' },
    ]);
  });

  it('refuses hostile nesting with one message instead of overflowing the stack', () => {
    const deep = '('.repeat(5000) + 'a' + ')'.repeat(5000);
    const found = problemsOf(deep);
    expect(found.filter((p) => p.code === 'syntax.too-deep')).toHaveLength(1);
    expect(problemsOf('-'.repeat(5000) + '1').some((p) => p.code === 'syntax.too-deep')).toBe(true);
  });

  it('refuses operator chains too deep for later steps, but accepts long realistic ones', () => {
    const hostile = parse('1' + ' + 1'.repeat(5000));
    expect(hostile.problems.map((p) => p.code)).toEqual(['syntax.too-deep']);
    expect(hostile.ast.kind).toBe('error');
    const long = parse('1' + ' + 1'.repeat(500));
    expect(long.problems).toEqual([]);
  });

  it('turns offsets into 1-based lines and columns', () => {
    const text = 'IF(a,\n  b +,\n  c)';
    const [first] = toDiagnostics(text, parse(text).problems);
    expect(first).toMatchObject({ start: { line: 2, column: 5 }, end: { line: 2, column: 6 } });
  });
});
