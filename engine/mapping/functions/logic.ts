/**
 * Conditions and choices. IF, IFS, SWITCH, AND, OR and COALESCE are lazy: an argument is evaluated
 * only when needed, so the branch not taken cannot hold the row (IF(qty = 0, 0, amount / qty)).
 */
import { valueEquals, type Value } from '../../model/values/index.ts';
import { aType, argumentError, checkArguments, sharedType } from './arg-types.ts';
import { compareForOperator } from './arithmetic.ts';
import { describeValue, hold, wrongType } from './arg-values.ts';
import type { FunctionSpec, TypeRuleResult } from './spec.ts';
import { textEquals } from './text-order.ts';
import { widerType } from '../type-rules.ts';
import type { MappingType } from '../types.ts';

const BOOLEAN: MappingType = { kind: 'boolean' };

/** A condition's value: true, or not true (false, and NULL as an empty cell counts); anything else holds the row. */
function isTrue(fn: string, index: number, value: Value): boolean {
  if (value === null || value === false) return false;
  if (value === true) return true;
  throw wrongType(fn, index, 'boolean', value);
}

/** Whether IF(condition, then) gives FALSE when the condition is not true: when `then` is a true/false value. */
export function ifWithoutElseGivesFalse(then: MappingType): boolean {
  return then.kind === 'boolean' || then.kind === 'null' || then.kind === 'any';
}

export const IF: FunctionSpec = {
  name: 'IF',
  signature: 'IF(condition, then, [else])',
  description:
    'The "then" value when the condition is true, otherwise the "else" value (FALSE when there is no else, as in a spreadsheet). An empty condition counts as FALSE.',
  example: 'IF(amount < 0, "credit", "debit")',
  params: [
    { name: 'condition', description: 'A true/false test.' },
    { name: 'then', description: 'The value when the condition is true; 0 when left empty.', whenOmitted: 0 },
    {
      name: 'else',
      description:
        'The value otherwise; FALSE when left out (an empty value when the then value is not TRUE/FALSE), 0 when left empty (IF(c, x, )) as in a spreadsheet.',
      optional: true,
      whenOmitted: 0,
    },
  ],
  minArgs: 2,
  maxArgs: 3,
  returnType(args): TypeRuleResult {
    const bad = checkArguments('IF', args.slice(0, 1), ['boolean']);
    if (bad !== undefined) return bad;
    const then = args[1];
    // Without an else: FALSE for a true/false result; for any other result, an empty value
    // (the checker warns that a spreadsheet would give FALSE).
    if (args.length === 2 && then !== undefined) return { type: ifWithoutElseGivesFalse(then) ? BOOLEAN : then };
    return sharedType(
      'IF',
      args.slice(1).map((type, i) => ({ type, index: i + 1 })),
      "IF's results",
    );
  },
  strategy: 'lazy',
  nullPropagating: false,
  evaluateLazy(args) {
    // Indexing, not destructuring: IF runs per row, and destructuring walks the array's iterator.
    const condition = args[0];
    const then = args[1];
    const otherwise = args[2];
    if (condition === undefined || then === undefined) return null;
    if (isTrue('IF', 0, condition())) return then();
    // A spreadsheet's IF without an else gives FALSE. (The compiler passes an explicit NULL else where
    // the "then" value is not a boolean; the checker warns there.)
    return otherwise === undefined ? false : otherwise();
  },
  pure: true,
};

export const IFS: FunctionSpec = {
  name: 'IFS',
  signature: 'IFS(condition1, value1, [condition2, value2, ...])',
  description:
    'The value paired with the first true condition. When none is true the row is held (a spreadsheet shows #N/A); use TRUE as the last condition for a default.',
  example: 'IFS(days <= 30, "current", days <= 60, "31-60", TRUE, "over 60")',
  params: [
    { name: 'condition1', description: 'A true/false test.' },
    { name: 'value1', description: 'The value when condition1 is the first true one.' },
    { name: 'condition, value', description: 'More pairs, tested in order.', optional: true, variadic: true },
  ],
  minArgs: 2,
  maxArgs: Infinity,
  returnType(args): TypeRuleResult {
    if (args.length % 2 !== 0) {
      return {
        error: 'IFS takes conditions and values in pairs, but the last condition has no value.',
        argIndex: args.length - 1,
      };
    }
    const results: { type: MappingType; index: number }[] = [];
    for (let i = 0; i < args.length; i += 2) {
      const condition = args[i] ?? BOOLEAN;
      if (condition.kind !== 'boolean' && condition.kind !== 'null' && condition.kind !== 'any')
        return argumentError('IFS', i, 'boolean', condition);
      results.push({ type: args[i + 1] ?? { kind: 'null' }, index: i + 1 });
    }
    return sharedType('IFS', results, "IFS's values");
  },
  strategy: 'lazy',
  nullPropagating: false,
  evaluateLazy(args) {
    for (let i = 0; i + 1 < args.length; i += 2) {
      const condition = args[i];
      const value = args[i + 1];
      if (condition !== undefined && value !== undefined && isTrue('IFS', i, condition())) return value();
    }
    throw hold('IFS found no true condition; add TRUE and a value as the last pair for every other case', 'NO_MATCH');
  },
  pure: true,
};

export const SWITCH: FunctionSpec = {
  name: 'SWITCH',
  signature: 'SWITCH(value, case1, result1, [case2, result2, ...], [default])',
  description:
    'The result paired with the first case equal to the value (as = compares: text without regard to case, 1 and 1.00 alike, an empty value like 0 or ""), otherwise the default. Without a default, no match holds the row (a spreadsheet shows #N/A).',
  example: 'SWITCH(doc_type, 1, "invoice", 5, "credit memo", "other")',
  params: [
    { name: 'value', description: 'What to compare.' },
    { name: 'case1', description: 'A value to compare with.' },
    { name: 'result1', description: 'The result when value equals case1.' },
    { name: 'case, result', description: 'More pairs, then an optional default.', optional: true, variadic: true },
  ],
  minArgs: 3,
  maxArgs: Infinity,
  returnType(args): TypeRuleResult {
    const subject = args[0] ?? { kind: 'null' };
    const results: { type: MappingType; index: number }[] = [];
    for (let i = 1; i < args.length; i += 2) {
      const caseType = args[i] ?? { kind: 'null' };
      if (i + 1 >= args.length) {
        results.push({ type: caseType, index: i });
        break;
      }
      if (widerType(subject, caseType) === undefined) {
        return {
          error: `SWITCH compares ${aType(subject)} with case ${(i + 1) / 2}, which is ${aType(caseType)}; they can never be equal.`,
          argIndex: i,
        };
      }
      results.push({ type: args[i + 1] ?? { kind: 'null' }, index: i + 1 });
    }
    return sharedType('SWITCH', results, "SWITCH's results");
  },
  strategy: 'lazy',
  nullPropagating: false,
  evaluateLazy(args) {
    const subject = args[0]?.() ?? null;
    let i = 1;
    for (; i + 1 < args.length; i += 2) {
      const candidate = args[i]?.() ?? null;
      if (switchMatches(subject, candidate)) return args[i + 1]?.() ?? null;
    }
    if (i < args.length) return args[i]?.() ?? null;
    throw hold(
      `SWITCH found no case equal to ${describeValue(subject)}; add a default as the last argument`,
      'NO_MATCH',
    );
  },
  pure: true,
};

/**
 * SWITCH's equality is `=`'s: text without regard to case, an empty value as the other's zero; but
 * values of two different kinds (from a field of unknown type) simply do not match.
 */
function switchMatches(subject: Value, candidate: Value): boolean {
  if (typeof subject === 'string' && typeof candidate === 'string') return textEquals(subject, candidate);
  if (subject === null || candidate === null) return compareForOperator(subject, candidate) === 0;
  return valueEquals(subject, candidate);
}

function booleanListRule(fn: string) {
  return (args: readonly MappingType[]): TypeRuleResult =>
    checkArguments(fn, args, ['boolean'], true) ?? { type: BOOLEAN };
}

/**
 * AND and OR, lazy, stopping at the first argument that decides (false for AND, true for OR). Empty
 * arguments are skipped, as a spreadsheet skips empty cells; when every one is empty there is
 * nothing to decide on, and the row is held (a spreadsheet shows #VALUE!).
 */
function shortCircuit(name: 'AND' | 'OR', decidingValue: boolean, description: string, example: string): FunctionSpec {
  return {
    name,
    signature: `${name}(condition1, [condition2, ...])`,
    description,
    example,
    params: [{ name: 'condition', description: 'A true/false test.', variadic: true }],
    minArgs: 1,
    maxArgs: Infinity,
    returnType: booleanListRule(name),
    strategy: 'lazy',
    nullPropagating: false,
    evaluateLazy(args) {
      let seen = false;
      for (let i = 0; i < args.length; i++) {
        const value = args[i]?.() ?? null;
        if (value === decidingValue) return decidingValue;
        if (value === null) continue;
        if (typeof value !== 'boolean') throw wrongType(name, i, 'boolean', value);
        seen = true;
      }
      if (!seen) throw hold(`${name} has no condition to go on: every one is empty`, 'NO_CONDITION');
      return !decidingValue;
    },
    pure: true,
  };
}

export const AND: FunctionSpec = shortCircuit(
  'AND',
  false,
  'True when every condition is true, false when any is false. Empty conditions are skipped, as a spreadsheet skips empty cells (all empty holds the row). Stops at the first false.',
  'AND(amount > 0, status = "posted")',
);

export const OR: FunctionSpec = shortCircuit(
  'OR',
  true,
  'True when any condition is true, false when all are false. Empty conditions are skipped, as a spreadsheet skips empty cells (all empty holds the row). Stops at the first true.',
  'OR(account = "1000", account = "1010")',
);

export const NOT: FunctionSpec = {
  name: 'NOT',
  signature: 'NOT(condition)',
  description:
    'True when the condition is false and false when it is true. An empty condition counts as FALSE, so NOT of it is TRUE.',
  example: 'NOT(ISBLANK(vendor_id))',
  params: [{ name: 'condition', description: 'A true/false test.' }],
  minArgs: 1,
  maxArgs: 1,
  returnType: booleanListRule('NOT'),
  strategy: 'strict',
  nullPropagating: false,
  evaluate(args) {
    const value = args[0] ?? null;
    if (value === null) return true;
    if (typeof value !== 'boolean') throw wrongType('NOT', 0, 'boolean', value);
    return !value;
  },
  pure: true,
};

export const COALESCE: FunctionSpec = {
  name: 'COALESCE',
  signature: 'COALESCE(value1, [value2, ...])',
  description: 'The first value that is not NULL; NULL when all are. Later values are not evaluated once one is found.',
  example: 'COALESCE(cost_center, LOOKUP(default_centers, company), "UNASSIGNED")',
  params: [{ name: 'value', description: 'A candidate value.', variadic: true }],
  minArgs: 1,
  maxArgs: Infinity,
  returnType(args): TypeRuleResult {
    return sharedType(
      'COALESCE',
      args.map((type, index) => ({ type, index })),
      "COALESCE's values",
    );
  },
  strategy: 'lazy',
  nullPropagating: false,
  evaluateLazy(args) {
    for (const arg of args) {
      const value = arg();
      if (value !== null) return value;
    }
    return null;
  },
  pure: true,
};

export const ISBLANK: FunctionSpec = {
  name: 'ISBLANK',
  signature: 'ISBLANK(value)',
  description:
    'True when the value is empty (NULL), as a spreadsheet tests an empty cell; false for anything else, empty text and spaces too (ISEMPTY counts those).',
  example: 'ISBLANK(middle_name)',
  params: [{ name: 'value', description: 'Any value.' }],
  minArgs: 1,
  maxArgs: 1,
  returnType: () => ({ type: BOOLEAN }),
  strategy: 'strict',
  nullPropagating: false,
  evaluate: (args) => (args[0] ?? null) === null,
  pure: true,
};

export const ISEMPTY: FunctionSpec = {
  name: 'ISEMPTY',
  signature: 'ISEMPTY(value)',
  description:
    'True when the value is NULL, empty text or only spaces (any Unicode space), as a required column sees it; false for anything else (0 and FALSE are not empty).',
  example: 'ISEMPTY(vendor_id)',
  params: [{ name: 'value', description: 'Any value.' }],
  minArgs: 1,
  maxArgs: 1,
  returnType: () => ({ type: BOOLEAN }),
  strategy: 'strict',
  nullPropagating: false,
  evaluate(args) {
    const value = args[0] ?? null;
    return value === null || (typeof value === 'string' && value.trim() === '');
  },
  pure: true,
};

export const LOGIC_FUNCTIONS: readonly FunctionSpec[] = [IF, IFS, SWITCH, AND, OR, NOT, COALESCE, ISBLANK, ISEMPTY];
