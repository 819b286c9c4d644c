/**
 * Arguments left empty between commas, `IF(c, x, )`: a spreadsheet reads one as 0, "" or FALSE by
 * what the parameter takes. Each function says so per parameter (ParamSpec.whenOmitted); the
 * checker types the argument from it and the compiler uses the value, so both read it alike.
 */
import type { Value } from '../../model/values/index.ts';
import type { FunctionSpec, ParamSpec } from './spec.ts';

/** The parameter at `index`; past the end, a variadic last parameter repeats. */
export function paramAt(spec: FunctionSpec, index: number): ParamSpec | undefined {
  const last = spec.params[spec.params.length - 1];
  return spec.params[index] ?? (last?.variadic === true ? last : undefined);
}

/** What an empty argument at `index` stands for, or undefined when it cannot be left empty. */
export function omittedValue(spec: FunctionSpec, index: number): { readonly value: Value } | undefined {
  const param = paramAt(spec, index);
  return param?.whenOmitted === undefined ? undefined : { value: param.whenOmitted };
}

/** "0", "empty text", "FALSE": an omitted value in a message. */
export function describeOmitted(value: Value): string {
  if (value === '') return 'empty text ("")';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}
