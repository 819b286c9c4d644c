/**
 * The SQL back end, first slice: a checked expression (the same AST and types the JS back end
 * compiles) becomes DuckDB SQL text, or a verdict that it must run on the JS back end, naming the
 * function or construct with no faithful SQL form. Nothing here runs a database.
 *
 * Each node gives three SQL texts over the row's columns:
 *  - `value`: the value, where the row is not held;
 *  - `hold`: NULL, or a struct {code, message} with the same code and message the JS back end's
 *    RowHold gives; it follows the JS evaluation order (strict calls evaluate every argument, lazy
 *    ones only the branch they take), so the first hold the JS back end meets is the one given;
 *  - `needsJs`: the texts that must be printable ASCII for the SQL to be faithful (text order,
 *    case mapping, character counts). A row where one is not is marked for the JS back end, never
 *    computed differently.
 * A lookup will become a join: its node's value is a column of the joined row, its hold a CASE on
 * the join's miss, so this shape (value, hold, guards) carries it without change.
 */
import type { BinaryExpr, CallExpr, Expr } from '../ast.ts';
import type { CheckResult } from '../checker.ts';
import type { MappingType } from '../types.ts';
import { JS_ONLY_FUNCTIONS } from './js-only.ts';
import { holdStruct, isPrintableAscii, quoteIdentifier, quoteText, textOrderKey } from './sql-text.ts';

export interface SqlExpression {
  readonly value: string;
  /** NULL or {code, message}: why the row is held, as the JS back end says it. */
  readonly hold: string;
  /** True where the row must be computed by the JS back end (text outside what the SQL reproduces). */
  readonly needsJs: string;
}

export type SqlVerdict = { readonly sql: SqlExpression } | { readonly jsOnly: string };

/** The functions compiled to SQL; every other catalog function is in JS_ONLY_FUNCTIONS. */
export const SQL_FUNCTIONS: ReadonlySet<string> = new Set([
  'IF',
  'IFS',
  'AND',
  'OR',
  'NOT',
  'COALESCE',
  'ISBLANK',
  'ROUND',
  'ABS',
  'MOD',
  'LEFT',
  'RIGHT',
  'LEN',
  'UPPER',
  'LOWER',
  'TRIM',
  'CONCATENATE',
  'YEAR',
  'MONTH',
  'DAY',
]);

/** The largest integer the language keeps as an integer (2^53 - 1); beyond, the row is held. */
const MAX_SAFE = '9007199254740991';
const SUPPORTED_FIELD_TYPES = new Set(['string', 'integer', 'decimal', 'boolean', 'date']);

class JsOnly extends Error {}

interface Node {
  readonly value: string;
  readonly hold: string | undefined;
  readonly type: MappingType;
}

export function compileSql(ast: Expr, checked: CheckResult): SqlVerdict {
  if (checked.problems.some((problem) => problem.severity === 'error')) return { jsOnly: 'the expression has errors' };
  const compiler = new SqlCompiler(checked);
  try {
    const node = compiler.compile(ast);
    const needsJs = compiler.asciiTexts.map((text) => `NOT ${isPrintableAscii(text)}`);
    return {
      sql: {
        value: node.value,
        hold: node.hold ?? 'NULL',
        needsJs: needsJs.length === 0 ? 'FALSE' : `COALESCE(${needsJs.join(' OR ')}, FALSE)`,
      },
    };
  } catch (error) {
    if (error instanceof JsOnly) return { jsOnly: error.message };
    throw error;
  }
}

function jsOnly(reason: string): never {
  throw new JsOnly(reason);
}

/** The first hold met, in evaluation order, of parts that are all evaluated. */
function firstHold(holds: readonly (string | undefined)[]): string | undefined {
  const present = holds.filter((hold): hold is string => hold !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : `COALESCE(${present.join(', ')})`;
}

function isNumeric(type: MappingType): boolean {
  return type.kind === 'integer' || type.kind === 'decimal';
}

class SqlCompiler {
  readonly asciiTexts: string[] = [];

  constructor(private readonly checked: CheckResult) {}

  private typeOf(node: Expr): MappingType {
    return this.checked.types.get(node) ?? { kind: 'any' };
  }

  compile(node: Expr): Node {
    const type = this.typeOf(node);
    switch (node.kind) {
      case 'string':
        return { value: quoteText(node.value), hold: undefined, type };
      case 'number':
        return { value: numberLiteral(node.text), hold: undefined, type };
      case 'boolean':
        return { value: node.value ? 'TRUE' : 'FALSE', hold: undefined, type };
      case 'null':
        return { value: 'NULL', hold: undefined, type };
      case 'field': {
        const [first, ...rest] = node.path;
        if (first?.kind !== 'name' || rest.length > 0) jsOnly('nested field paths are not compiled to SQL yet');
        if (!SUPPORTED_FIELD_TYPES.has(type.kind)) jsOnly(`a field of type ${type.kind} is not compiled to SQL yet`);
        return { value: quoteIdentifier(first.name), hold: undefined, type };
      }
      case 'unary': {
        const operand = this.compile(node.operand);
        if (!isNumeric(operand.type) && operand.type.kind !== 'null')
          jsOnly('negating a value that is not a number is not compiled to SQL yet');
        // An empty number negates as 0 (LANGUAGE.md, Empty values 2).
        return { value: `(-COALESCE(${operand.value}, 0))`, hold: operand.hold, type };
      }
      case 'binary':
        return this.binary(node, type);
      case 'call':
        return this.call(node, type);
      case 'omitted':
        return jsOnly('an argument left empty is not compiled to SQL yet');
      case 'error':
        return jsOnly('the expression has errors');
    }
  }

  private binary(node: BinaryExpr, type: MappingType): Node {
    if (node.operator === '&') return this.joinText([node.left, node.right], type);
    const left = this.compile(node.left);
    const right = this.compile(node.right);
    const hold = firstHold([left.hold, right.hold]);
    switch (node.operator) {
      case '/':
        return jsOnly(
          'the operator / (DuckDB divides DECIMAL through DOUBLE; the language carries an exact quotient to 34 digits)',
        );
      case '+':
      case '-':
      case '*':
        return this.arithmetic(node.operator, left, right, type, hold);
      default:
        return { value: this.comparison(node.operator, left, right), hold, type };
    }
  }

  /** + - * with an empty number as 0; integers checked against ±(2^53 - 1) as functions/arithmetic.ts does. */
  private arithmetic(
    operator: '+' | '-' | '*',
    left: Node,
    right: Node,
    type: MappingType,
    hold: string | undefined,
  ): Node {
    const operands = [left, right];
    if (!operands.every((operand) => isNumeric(operand.type) || operand.type.kind === 'null'))
      jsOnly(`the operator ${operator} on dates is not compiled to SQL yet`);
    const a = `COALESCE(${left.value}, 0)`;
    const b = `COALESCE(${right.value}, 0)`;
    if (type.kind !== 'integer') {
      // DuckDB keeps a product in the operands' width (DECIMAL(18) overflows where exact arithmetic does
      // not); times DECIMAL(38,0) one widens each to 38 digits with its scale unchanged.
      const wide = (operand: Node, sql: string): string =>
        operand.type.kind === 'decimal' ? `(${sql} * CAST(1 AS DECIMAL(38, 0)))` : sql;
      return { value: `(${wide(left, a)} ${operator} ${wide(right, b)})`, hold, type };
    }
    const exact = `(CAST(${a} AS HUGEINT) ${operator} CAST(${b} AS HUGEINT))`;
    const inRange = `abs(${exact}) <= ${MAX_SAFE}`;
    const message = `CAST(${a} AS VARCHAR) || ${quoteText(` ${operator} `)} || CAST(${b} AS VARCHAR) || ${quoteText(
      ' is beyond the largest whole number an integer can hold; use DECIMAL(...) for such numbers',
    )}`;
    const overflow = `CASE WHEN NOT (${inRange}) THEN ${holdStruct('INTEGER_OVERFLOW', message)} END`;
    return {
      value: `CASE WHEN ${inRange} THEN CAST(${exact} AS BIGINT) END`,
      hold: firstHold([hold, overflow]),
      type,
    };
  }

  /** A comparison with an empty value as the other side's zero (LANGUAGE.md, Empty values 3). */
  private comparison(operator: string, left: Node, right: Node): string {
    const sqlOperator = operator === '<>' ? '<>' : operator;
    const kind = left.type.kind === 'null' ? right.type.kind : left.type.kind;
    const sides = [left, right];
    if (kind === 'null') return operator === '=' || operator === '<=' || operator === '>=' ? 'TRUE' : 'FALSE';
    if (isNumeric({ kind } as MappingType)) {
      if (!sides.every((side) => isNumeric(side.type) || side.type.kind === 'null'))
        jsOnly('comparing values of different kinds is not compiled to SQL yet');
      return `(COALESCE(${left.value}, 0) ${sqlOperator} COALESCE(${right.value}, 0))`;
    }
    if (!sides.every((side) => side.type.kind === kind || side.type.kind === 'null'))
      jsOnly('comparing values of different kinds is not compiled to SQL yet');
    switch (kind) {
      case 'boolean':
        return `(COALESCE(${left.value}, FALSE) ${sqlOperator} COALESCE(${right.value}, FALSE))`;
      case 'date':
        // An empty date is a day before any date; two empty dates are equal.
        return `(COALESCE(${left.value}, DATE '-infinity') ${sqlOperator} COALESCE(${right.value}, DATE '-infinity'))`;
      case 'string': {
        const texts = [left, right].map((side) => `COALESCE(${side.value}, '')`);
        this.asciiTexts.push(...texts);
        return `(${textOrderKey(texts[0] as string)} ${sqlOperator} ${textOrderKey(texts[1] as string)})`;
      }
      default:
        return jsOnly(`comparing values of type ${kind} is not compiled to SQL yet`);
    }
  }

  /** `&` and CONCATENATE: each part written as TEXT writes it, an empty value as empty text; never NULL. */
  private joinText(parts: readonly Expr[], type: MappingType): Node {
    const flat = parts.flatMap((part) => this.concatParts(part));
    const compiled = flat.map((part) => this.compile(part));
    const texts = compiled.map((part) => {
      switch (part.type.kind) {
        case 'string':
          return `COALESCE(${part.value}, '')`;
        case 'integer':
        case 'date':
          return `COALESCE(CAST(${part.value} AS VARCHAR), '')`;
        case 'boolean':
          return `CASE WHEN ${part.value} THEN 'true' WHEN NOT ${part.value} THEN 'false' ELSE '' END`;
        case 'null':
          return `''`;
        default:
          return jsOnly(
            `joining ${part.type.kind} values as text (a decimal keeps its own scale in the language; a DuckDB column has one)`,
          );
      }
    });
    return { value: `(${texts.join(' || ')})`, hold: firstHold(compiled.map((part) => part.hold)), type };
  }

  private concatParts(node: Expr): Expr[] {
    if (node.kind === 'binary' && node.operator === '&')
      return [...this.concatParts(node.left), ...this.concatParts(node.right)];
    return [node];
  }

  private call(node: CallExpr, type: MappingType): Node {
    if (this.checked.lookups.has(node)) jsOnly('LOOKUP (a join in a later slice)');
    if (!SQL_FUNCTIONS.has(node.name)) {
      const reason = JS_ONLY_FUNCTIONS.get(node.name);
      jsOnly(`${node.name}: ${reason ?? 'not compiled to SQL'}`);
    }
    switch (node.name) {
      case 'IF':
        return this.ifCall(node, type);
      case 'IFS':
        return this.ifsCall(node, type);
      case 'AND':
      case 'OR':
        return this.andOr(node, type);
      case 'COALESCE':
        return this.coalesce(node, type);
      case 'CONCATENATE':
        return this.joinText(node.args, type);
      case 'NOT': {
        // An empty condition counts as FALSE (LANGUAGE.md, Empty values 3).
        const [operand] = this.strictArgs(node);
        return { value: `(NOT COALESCE(${operand?.value}, FALSE))`, hold: operand?.hold, type };
      }
      case 'ISBLANK': {
        const [operand] = this.strictArgs(node);
        return { value: `(${operand?.value} IS NULL)`, hold: operand?.hold, type };
      }
      default:
        return this.strictCall(node, type);
    }
  }

  private strictArgs(node: CallExpr): Node[] {
    return node.args.map((arg) => this.compile(arg));
  }

  /** A NULL-propagating function: every argument is evaluated (their holds first), NULL in gives NULL out. */
  private strictCall(node: CallExpr, type: MappingType): Node {
    const args = this.strictArgs(node);
    const hold = firstHold(args.map((arg) => arg.hold));
    const [first] = args;
    if (first === undefined) return jsOnly(`${node.name} without arguments`);
    const x = first.value;
    const countArg = (): string => {
      const count = node.args[1];
      if (count === undefined) return '1';
      if (count.kind !== 'number' || count.text.includes('.'))
        jsOnly(`${node.name} with a count that is not written as a whole number`);
      return count.text;
    };
    const asciiText = (): string => {
      this.asciiTexts.push(`COALESCE(${x}, '')`);
      return x;
    };
    switch (node.name) {
      case 'ROUND': {
        const digits = node.args[1];
        if (digits === undefined || digits.kind !== 'number' || digits.text.includes('.') || Number(digits.text) > 38)
          jsOnly('ROUND with places that are not written as a whole number from 0 to 38');
        if (first.type.kind === 'integer') return { value: x, hold, type };
        if (first.type.kind !== 'decimal') jsOnly('ROUND of a value that is not a number');
        // DuckDB rounds a DECIMAL half away from zero, as the language does.
        return { value: `round(${x}, ${digits.text})`, hold, type };
      }
      case 'ABS':
        return { value: `abs(${x})`, hold, type };
      case 'MOD': {
        const divisor = args[1];
        if (first.type.kind !== 'integer' || divisor?.type.kind !== 'integer')
          jsOnly('MOD of decimals is not compiled to SQL yet (its hold names the value as the language formats it)');
        const d = divisor.value;
        const byZero = holdStruct(
          'DIVISION_BY_ZERO',
          `${quoteText('MOD cannot divide ')} || CAST(${x} AS VARCHAR) || ${quoteText(' by zero')}`,
        );
        // The sign of the divisor, as a spreadsheet's MOD (functions/rounding.ts), in exact integers.
        const remainder = `((CAST(${x} AS HUGEINT) % ${d}) + ${d}) % ${d}`;
        return {
          value: `CASE WHEN ${d} <> 0 THEN CAST(${remainder} AS BIGINT) END`,
          hold: firstHold([hold, `CASE WHEN ${d} = 0 THEN ${byZero} END`]),
          type,
        };
      }
      case 'LEFT':
        return { value: `left(${asciiText()}, ${countArg()})`, hold, type };
      case 'RIGHT':
        return { value: `right(${asciiText()}, ${countArg()})`, hold, type };
      case 'LEN':
        return { value: `CAST(length(${asciiText()}) AS BIGINT)`, hold, type };
      case 'UPPER':
        return { value: `upper(${asciiText()})`, hold, type };
      case 'LOWER':
        return { value: `lower(${asciiText()})`, hold, type };
      case 'TRIM':
        // Only the space character: off both ends, and each inner run made one (LANGUAGE.md, TRIM).
        return { value: `regexp_replace(trim(${x}, ' '), ' +', ' ', 'g')`, hold, type };
      case 'YEAR':
      case 'MONTH':
      case 'DAY':
        if (first.type.kind !== 'date') jsOnly(`${node.name} of a timestamp is not compiled to SQL yet`);
        return { value: `CAST(${node.name.toLowerCase()}(${x}) AS BIGINT)`, hold, type };
      default:
        return jsOnly(`${node.name}: not compiled to SQL`);
    }
  }

  private ifCall(node: CallExpr, type: MappingType): Node {
    const [condition, then, otherwise] = this.strictArgs(node);
    if (condition === undefined || then === undefined) return jsOnly('IF without a value');
    // IF(c, x) without an else gives FALSE for a TRUE/FALSE value, else an empty value (functions/logic.ts).
    const elseValue = otherwise?.value ?? (['boolean', 'null', 'any'].includes(then.type.kind) ? 'FALSE' : 'NULL');
    const branchHold =
      then.hold === undefined && otherwise?.hold === undefined
        ? undefined
        : `CASE WHEN ${condition.value} THEN ${then.hold ?? 'NULL'} ELSE ${otherwise?.hold ?? 'NULL'} END`;
    return {
      value: `CASE WHEN ${condition.value} THEN ${then.value} ELSE ${elseValue} END`,
      hold: firstHold([condition.hold, branchHold]),
      type,
    };
  }

  private ifsCall(node: CallExpr, type: MappingType): Node {
    const args = this.strictArgs(node);
    const values: string[] = [];
    const holds: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      const condition = args[i] as Node;
      const value = args[i + 1] as Node;
      if (condition.hold !== undefined) holds.push(`WHEN ${condition.hold} IS NOT NULL THEN ${condition.hold}`);
      holds.push(`WHEN ${condition.value} THEN ${value.hold ?? 'NULL'}`);
      values.push(`WHEN ${condition.value} THEN ${value.value}`);
    }
    const noMatch = holdStruct(
      'NO_MATCH',
      quoteText('IFS found no true condition; add TRUE and a value as the last pair for every other case'),
    );
    return {
      value: `CASE ${values.join(' ')} END`,
      hold: `CASE ${holds.join(' ')} ELSE ${noMatch} END`,
      type,
    };
  }

  /** AND / OR: stop at the deciding value, skip empty arguments; only empty ones hold (NO_CONDITION). */
  private andOr(node: CallExpr, type: MappingType): Node {
    const args = this.strictArgs(node);
    const deciding = node.name === 'AND' ? 'FALSE' : 'TRUE';
    const values = args.map((arg) => `WHEN ${arg.value} = ${deciding} THEN ${deciding}`);
    const holds = args.flatMap((arg) => [
      ...(arg.hold === undefined ? [] : [`WHEN ${arg.hold} IS NOT NULL THEN ${arg.hold}`]),
      `WHEN ${arg.value} = ${deciding} THEN NULL`,
    ]);
    const allEmpty = args.map((arg) => `${arg.value} IS NULL`).join(' AND ');
    const noCondition = holdStruct(
      'NO_CONDITION',
      quoteText(`${node.name} has no condition to go on: every one is empty`),
    );
    return {
      value: `CASE ${values.join(' ')} ELSE ${deciding === 'FALSE' ? 'TRUE' : 'FALSE'} END`,
      hold: `CASE ${holds.join(' ')} WHEN ${allEmpty} THEN ${noCondition} END`,
      type,
    };
  }

  /** The first non-empty argument; later arguments are not evaluated, so cannot hold the row. */
  private coalesce(node: CallExpr, type: MappingType): Node {
    const args = this.strictArgs(node);
    const holds = args.flatMap((arg) => [
      ...(arg.hold === undefined ? [] : [`WHEN ${arg.hold} IS NOT NULL THEN ${arg.hold}`]),
      `WHEN ${arg.value} IS NOT NULL THEN NULL`,
    ]);
    const anyHold = args.some((arg) => arg.hold !== undefined);
    return {
      value: `COALESCE(${args.map((arg) => arg.value).join(', ')})`,
      hold: anyHold ? `CASE ${holds.join(' ')} END` : undefined,
      type,
    };
  }
}

/** An integer as BIGINT, a decimal as DECIMAL with exactly its written places. */
function numberLiteral(text: string): string {
  if (!text.includes('.')) return `CAST(${text} AS BIGINT)`;
  const [whole = '', places = ''] = text.split('.');
  const digits = whole.replace(/^0+/, '').length + places.length;
  const width = Math.max(18, digits);
  if (width > 38) jsOnly(`the number ${text} has more digits than a DuckDB DECIMAL holds (38)`);
  return `CAST(${quoteText(text)} AS DECIMAL(${width}, ${places.length}))`;
}
