/**
 * Types an expression against the source schema and the lookup tables before any row runs, and
 * reports every problem it finds with the range of the text at fault. A node that cannot be typed
 * gets "any", so one mistake does not cause a cascade of follow-on messages.
 */
import type { ColumnType } from '../model/column-type.ts';
import { formatColumnType } from '../model/column-type.ts';
import { Decimal, type Value } from '../model/values/index.ts';
import type { BinaryExpr, CallExpr, Expr, FieldRef, StringLiteral, TextRange, UnaryExpr } from './ast.ts';
import { problem, type Problem } from './diagnostics.ts';
import { operatorResultType } from './functions/arithmetic.ts';
import { FUNCTIONS, findFunction } from './functions/index.ts';
import { ordinal } from './functions/arg-types.ts';
import { ifWithoutElseGivesFalse } from './functions/logic.ts';
import { describeOmitted, omittedValue, paramAt } from './functions/omitted.ts';
import type { FunctionSpec, LiteralProblem } from './functions/spec.ts';
import { isLookupCall, lookupTableName, LOOKUP_HELP, type LookupInfo, type LookupResolution } from './lookup-form.ts';
import { printPath } from './printer.ts';
import { aType, closestName, columnMappingType, formatType, isAssignable } from './type-rules.ts';
import { T, type MappingType } from './types.ts';

export interface CheckScope {
  /** Source fields by name; nested records and lists for nested paths. */
  readonly schema: Readonly<Record<string, MappingType>>;
  readonly lookups: ReadonlyMap<string, LookupInfo>;
  /** What the source rows are, for messages: "GL journal lines". */
  readonly entityLabel?: string;
}

export interface CheckResult {
  readonly type: MappingType;
  readonly problems: readonly Problem[];
  /** The type of every node, for hover and for the compilers. */
  readonly types: ReadonlyMap<Expr, MappingType>;
  /** How each LOOKUP call was resolved. */
  readonly lookups: ReadonlyMap<CallExpr, LookupResolution>;
}

export function check(ast: Expr, scope: CheckScope): CheckResult {
  const checker = new Checker(scope);
  const type = checker.typeOf(ast);
  return { type, problems: checker.problems, types: checker.types, lookups: checker.lookups };
}

/**
 * Can a value of `type` go into the destination column? Integers widen into decimals; whether a
 * decimal fits decimal(p,s) depends on the value, so that is checked per row.
 */
export function checkTarget(
  type: MappingType,
  column: string,
  target: ColumnType,
  range: TextRange,
): Problem | undefined {
  if (isAssignable(type, columnMappingType(target))) return undefined;
  const hint = targetHint(type, target);
  const message = `Column "${column}" holds ${formatColumnType(target)} values, but this expression gives ${aType(type)}.${hint}`;
  return problem('type.target-mismatch', message, range);
}

function targetHint(type: MappingType, target: ColumnType): string {
  if (target.kind === 'string' && type.kind !== 'list' && type.kind !== 'record')
    return ' Use TEXT(...) to turn it into text.';
  if (target.kind === 'integer' && type.kind === 'decimal')
    return ' Round it to a whole number first, e.g. ROUND(amount, 0), or make the column a decimal.';
  return '';
}

class Checker {
  readonly problems: Problem[] = [];
  readonly types = new Map<Expr, MappingType>();
  readonly lookups = new Map<CallExpr, LookupResolution>();

  constructor(private readonly scope: CheckScope) {}

  typeOf(node: Expr): MappingType {
    const type = this.compute(node);
    this.types.set(node, type);
    return type;
  }

  private compute(node: Expr): MappingType {
    switch (node.kind) {
      case 'string':
        return T.string;
      case 'number':
        return this.numberType(node.text, node.range);
      case 'boolean':
        return T.boolean;
      case 'null':
        return T.null;
      case 'error':
      case 'omitted':
        // An empty argument is typed by its call (callType), which knows what it stands for.
        return T.any;
      case 'field':
        return this.fieldType(node);
      case 'unary':
        return this.unaryType(node);
      case 'binary':
        return this.binaryType(node);
      case 'call':
        return isLookupCall(node) ? this.lookupType(node) : this.callType(node);
    }
  }

  private numberType(text: string, range: TextRange): MappingType {
    if (text.includes('.')) return T.decimal;
    if (Number.isSafeInteger(Number(text))) return T.integer;
    this.report(
      'type.integer-too-large',
      `${text} is too large for an integer; write ${text}.0 to make it a decimal.`,
      range,
    );
    return T.decimal;
  }

  private fieldType(node: FieldRef): MappingType {
    let type: MappingType = { kind: 'record', fields: this.scope.schema };
    node.path.forEach((segment, position) => {
      if (type.kind === 'any') return;
      const before =
        position === 0 ? (this.scope.entityLabel ?? 'the source') : printPath(node.path.slice(0, position));
      switch (segment.kind) {
        case 'name': {
          if (type.kind === 'list') {
            this.report(
              'type.not-a-record',
              `${before} is a list; pick one item with [0] before ".${segment.name}".`,
              segment.range,
            );
            type = T.any;
            return;
          }
          if (type.kind !== 'record') {
            this.report(
              'type.not-a-record',
              `${before} is ${aType(type)}, not a record, so it has no field "${segment.name}".`,
              segment.range,
            );
            type = T.any;
            return;
          }
          const fields: Readonly<Record<string, MappingType>> = type.fields;
          const found = Object.hasOwn(fields, segment.name) ? fields[segment.name] : undefined;
          if (found === undefined) {
            const suggestion = closestName(segment.name, Object.keys(fields));
            const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
            this.report(
              'type.unknown-field',
              `There is no field "${segment.name}" in ${before}.${hint}`,
              segment.range,
            );
            type = T.any;
            return;
          }
          type = found;
          return;
        }
        case 'index':
          if (type.kind !== 'list') {
            this.report(
              'type.not-a-list',
              `${before} is ${aType(type)}, not a list, so it has no item [${segment.index}].`,
              segment.range,
            );
            type = T.any;
            return;
          }
          type = type.element;
          return;
      }
    });
    return type;
  }

  private unaryType(node: UnaryExpr): MappingType {
    const operand = this.typeOf(node.operand);
    switch (operand.kind) {
      case 'integer':
      case 'decimal':
      case 'any':
        return operand;
      case 'null':
        // An empty value negated is 0, as an empty cell is.
        return T.integer;
      default:
        this.report('type.operator', `Only numbers can be made negative; this is ${aType(operand)}.`, node.range);
        return T.any;
    }
  }

  private binaryType(node: BinaryExpr): MappingType {
    const left = this.typeOf(node.left);
    const right = this.typeOf(node.right);
    if (node.operator === '&') return this.concatType(node, left, right);
    const rule = operatorResultType(node.operator, left, right);
    if ('type' in rule) return rule.type;
    this.report('type.operator', rule.error, node.operatorRange);
    return T.any;
  }

  /** `&` joins the text of any two single values (numbers, dates... as TEXT writes them). */
  private concatType(node: BinaryExpr, left: MappingType, right: MappingType): MappingType {
    for (const [side, type] of [
      [node.left, left],
      [node.right, right],
    ] as const) {
      if (type.kind === 'list' || type.kind === 'record') {
        this.report('type.operator', `& joins single values, but this is ${aType(type)}.`, side.range);
      }
    }
    return T.string;
  }

  private callType(node: CallExpr): MappingType {
    const spec = findFunction(node.name);
    let emptyArgumentRefused = false;
    const argTypes = node.args.map((arg, index) => {
      if (arg.kind !== 'omitted' || spec === undefined) return this.typeOf(arg);
      const type = this.omittedType(spec, index, arg);
      if (type === undefined) emptyArgumentRefused = true;
      return type ?? T.any;
    });
    if (spec === undefined) {
      const known = closestName(node.name, this.functionNames());
      const hint = known === undefined ? '' : ` Did you mean ${known}?`;
      this.report('type.unknown-function', `There is no function ${node.name}.${hint}`, node.nameRange);
      return T.any;
    }
    if (argTypes.length < spec.minArgs || argTypes.length > spec.maxArgs) {
      this.report(
        'type.argument-count',
        `${spec.name} takes ${countWords(spec.minArgs, spec.maxArgs)}, not ${argTypes.length}: ${spec.signature}.`,
        node.range,
      );
      return T.any;
    }
    // A broken argument was already reported; don't add a second message about the call.
    if (emptyArgumentRefused || node.args.some((arg) => arg.kind === 'error')) return T.any;
    const rule = spec.returnType(argTypes);
    if ('type' in rule) {
      if (spec.checkLiterals !== undefined)
        this.checkLiterals(node, spec.checkLiterals(argTypes, node.args.map(literalValue)));
      if (spec.name === 'IF') this.checkIfWithoutElse(node, argTypes);
      return rule.type;
    }
    const faulty = rule.argIndex === undefined ? undefined : node.args[rule.argIndex];
    const at = faulty === undefined ? node.range : visibleRange(faulty);
    this.report('type.argument', rule.error + emptyArgumentHint(spec, node), at);
    return T.any;
  }

  /**
   * IF(condition, value) gives FALSE in a spreadsheet when the condition is not true. For a value
   * that is not TRUE/FALSE that FALSE would not fit, so it gives an empty value here: say so, and
   * offer to write the else out.
   */
  private checkIfWithoutElse(node: CallExpr, argTypes: readonly MappingType[]): void {
    const then = node.args[1];
    const thenType = argTypes[1];
    if (node.args.length !== 2 || then === undefined || thenType === undefined || ifWithoutElseGivesFalse(thenType))
      return;
    this.problems.push(
      problem(
        'type.if-without-else',
        `IF without an else value gives FALSE in a spreadsheet when the condition is not true; this IF gives ${aType(thenType)}, so here it gives an empty value (NULL) instead. Write the else value out.`,
        node.range,
        'warning',
        {
          title: 'Write the else value out: NULL',
          edits: [{ range: { start: then.range.end, end: then.range.end }, text: ', NULL' }],
        },
      ),
    );
  }

  /** The type of what an empty argument stands for; undefined (reported) when it cannot be left empty. */
  private omittedType(spec: FunctionSpec, index: number, arg: Expr): MappingType | undefined {
    const omitted = omittedValue(spec, index);
    if (omitted !== undefined) {
      const type = valueType(omitted.value);
      this.types.set(arg, type);
      return type;
    }
    const param = paramAt(spec, index);
    const name = param === undefined ? `${ordinal(index)} argument` : param.name;
    const leaveOut = param?.optional === true ? ', or leave out the comma before it' : '';
    this.report(
      'type.argument',
      `${spec.name}'s ${name} cannot be left empty; write a value${leaveOut}.`,
      visibleRange(arg),
    );
    return undefined;
  }

  /** Problems a function found in its literal arguments, placed on the characters at fault. */
  private checkLiterals(node: CallExpr, found: readonly LiteralProblem[]): void {
    for (const literal of found) {
      const arg = node.args[literal.argIndex];
      const range =
        arg === undefined
          ? node.range
          : literal.within !== undefined && arg.kind === 'string'
            ? rangeInsideText(arg, literal.within)
            : arg.range;
      const fix =
        literal.replacement === undefined || arg === undefined
          ? undefined
          : { title: literal.replacement.title, edits: [{ range: arg.range, text: literal.replacement.text }] };
      this.problems.push(problem(literal.code ?? 'type.argument', literal.message, range, literal.severity, fix));
    }
  }

  private lookupType(node: CallExpr): MappingType {
    const empty = node.args.findIndex((arg) => arg.kind === 'omitted');
    if (empty >= 0) {
      // A table, a key and a default have no spreadsheet reading as 0 or "": say so rather than guess.
      const what = ['table', 'key', 'default or as-of date'][empty] ?? `${ordinal(empty)} argument`;
      this.report(
        'type.argument',
        `LOOKUP's ${what} cannot be left empty; write it, or leave out the comma before it.`,
        visibleRange(node.args[empty] as Expr),
      );
      return T.any;
    }
    const [tableArg, keyArg, thirdArg] = node.args;
    const keyType = keyArg === undefined ? T.any : this.typeOf(keyArg);
    const thirdType = thirdArg === undefined ? undefined : this.typeOf(thirdArg);
    if (tableArg === undefined || keyArg === undefined || node.args.length > 3) {
      this.report(
        'type.argument-count',
        `LOOKUP takes 2 or 3 arguments, not ${node.args.length}: ${LOOKUP_HELP.signature}.`,
        node.range,
      );
      return T.any;
    }
    const tableName = lookupTableName(node);
    if (tableName === undefined) {
      if (tableArg.kind !== 'error') {
        this.report(
          'type.lookup-table-expected',
          'The first argument of LOOKUP is the name of a lookup table, e.g. LOOKUP(cost_centers, ACTNUMST).',
          tableArg.range,
        );
      }
      return T.any;
    }
    const table = this.scope.lookups.get(tableName);
    if (table === undefined) {
      const suggestion = closestName(tableName, this.scope.lookups.keys());
      const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
      this.report('type.unknown-lookup', `There is no lookup table "${tableName}".${hint}`, tableArg.range);
      return T.any;
    }
    if (!isAssignable(keyType, table.keyType)) {
      this.report(
        'type.lookup-key',
        `The keys of "${tableName}" are ${formatType(table.keyType)} values, but this key is ${aType(keyType)}.`,
        keyArg.range,
      );
    }
    if (thirdArg === undefined || thirdType === undefined) {
      this.lookups.set(node, { table: tableName, mode: 'hold-on-miss', key: keyArg });
      return table.valueType;
    }
    // A date means "as of" unless the table is undated and holds dates, where it can only be a default.
    if (thirdType.kind === 'date' && (table.effectiveDated || table.valueType.kind !== 'date')) {
      if (!table.effectiveDated) {
        this.report(
          'type.lookup-not-dated',
          `"${tableName}" has no effective dates, so it cannot be looked up as of a date.`,
          thirdArg.range,
        );
      }
      this.lookups.set(node, { table: tableName, mode: 'as-of', key: keyArg, third: thirdArg });
      return table.valueType;
    }
    if (!isAssignable(thirdType, table.valueType)) {
      this.report(
        'type.lookup-default',
        `The default must be ${aType(table.valueType)} like the values of "${tableName}", not ${aType(thirdType)}.`,
        thirdArg.range,
      );
    }
    this.lookups.set(node, { table: tableName, mode: 'default', key: keyArg, third: thirdArg });
    return table.valueType;
  }

  private *functionNames(): Iterable<string> {
    yield LOOKUP_HELP.name;
    yield* FUNCTIONS.keys();
  }

  private report(code: Problem['code'], message: string, range: TextRange): void {
    this.problems.push(problem(code, message, range));
  }
}

/** An empty argument's range is empty: point at the comma or parenthesis after it instead. */
function visibleRange(node: Expr): TextRange {
  return node.kind === 'omitted' ? { start: node.range.start, end: node.range.start + 1 } : node.range;
}

/** When a call with an empty argument does not type, what the empty argument stood for. */
function emptyArgumentHint(spec: FunctionSpec, node: CallExpr): string {
  const index = node.args.findIndex((arg) => arg.kind === 'omitted');
  const omitted = index < 0 ? undefined : omittedValue(spec, index);
  if (omitted === undefined) return '';
  return ` An argument left empty stands for ${describeOmitted(omitted.value)} here, as in a spreadsheet; write the value you mean ("" for empty text, NULL for no value).`;
}

function valueType(value: Value): MappingType {
  if (typeof value === 'string') return T.string;
  if (typeof value === 'number') return T.integer;
  if (typeof value === 'boolean') return T.boolean;
  return value === null ? T.null : T.any;
}

function countWords(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  if (max === Infinity) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}

/** The value of an argument written as a literal (text, a number, a boolean, a negated number), or undefined. */
function literalValue(node: Expr): Value | undefined {
  switch (node.kind) {
    case 'string':
    case 'boolean':
      return node.value;
    case 'number':
      return node.text.includes('.')
        ? Decimal.tryParse(node.text)
        : Number.isSafeInteger(Number(node.text))
          ? Number(node.text)
          : undefined;
    case 'unary': {
      const operand = literalValue(node.operand);
      return typeof operand === 'number' ? -operand : operand instanceof Decimal ? operand.negate() : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The characters of a text literal that hold its value's [start, end): past the opening quote, each
 * doubled quote before them counting twice. A literal written another way (single quotes, which the
 * parser reads with a message) falls back to the whole literal.
 */
function rangeInsideText(node: StringLiteral, within: { readonly start: number; readonly end: number }): TextRange {
  const quotes = (text: string): number => text.split('"').length - 1;
  if (node.range.end - node.range.start !== node.value.length + quotes(node.value) + 2) return node.range;
  const offset = (index: number): number => node.range.start + 1 + index + quotes(node.value.slice(0, index));
  return { start: offset(within.start), end: offset(within.end) };
}
