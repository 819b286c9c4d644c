/** Turns zod's issues into problems an analyst can act on: the path, and what is expected in plain words. */
import type { z } from 'zod';
import { formatPath, type Problem } from './problems.ts';

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'text in double quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object { ... }',
  array: 'a list [ ... ]',
  null: 'null',
};

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'string') return `"${input.length > 40 ? `${input.slice(0, 40)}...` : input}"`;
  return String(input);
}

function messageFor(issue: Issue, document: unknown): string {
  // zod leaves the offending input out of its issues unless asked, so read it from the document.
  const input = valueAt(document, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (input === undefined) return `this is required: expected ${expected}`;
      return `expected ${expected}, found ${describeInput(input)}`;
    }
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling (the file format is in the $schema)`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}, found ${describeInput(input)}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; found ${describeInput(input)}`;
    case 'invalid_union': {
      const options = (issue as { options?: readonly unknown[] }).options;
      if (options) {
        return `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}; found ${describeInput(input)}`;
      }
      return 'this value does not match any of the allowed shapes';
    }
    case 'too_small':
      if (issue.origin === 'array')
        return `needs at least ${issue.minimum} item${issue.minimum === 1n || issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `may have at most ${issue.maximum} items`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' || issue.format === 'url' ? issue.message : `${issue.message}`;
    case 'invalid_key':
      return `the name is not allowed: ${issue.issues.map((inner) => inner.message).join('; ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_element':
    case 'custom':
      return issue.message;
    default:
      return (issue as { message: string }).message;
  }
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = document;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

export function problemsFromZod(issues: readonly Issue[], document: unknown): Problem[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message: messageFor(issue, document),
    severity: 'error',
    code: 'schema',
  }));
}
