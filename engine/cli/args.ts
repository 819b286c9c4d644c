/**
 * The argument parser. Written here rather than taken from a library so that every mistake gets one
 * plain line naming the option and the closest right spelling, which is what a person fixing a
 * scheduler entry at 2 a.m. needs.
 */
import { closestName } from '../mapping/type-rules.ts';
import { UsageError } from './errors.ts';

export interface OptionSpec {
  /** Long name without dashes, e.g. `full-refresh`. */
  readonly name: string;
  readonly short?: string;
  readonly type: 'boolean' | 'string';
  /** May be given more than once (e.g. `--stream a --stream b`). */
  readonly multiple?: boolean;
  /**
   * A string option whose value may be left out (`--wait` or `--wait 30`): the next argument is its
   * value only when it is a number, so `--wait pipeline.json` still reads the file as an argument.
   */
  readonly optionalNumber?: boolean;
  /** Shown in help after the option, e.g. `DIR`. */
  readonly valueName?: string;
  readonly description: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** True when help was asked for anywhere before `--`: help wins over every other mistake on the line. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const token of argv) {
    if (token === '--') return false;
    if (token === '--help' || token === '-h') return true;
  }
  return false;
}

/**
 * `moreArguments`: the command checks surplus arguments itself. `secrets set NAME VALUE` must be
 * refused without repeating VALUE, which is a password typed in the wrong place.
 */
export function parseArgs(
  argv: readonly string[],
  options: readonly OptionSpec[],
  positionals: readonly PositionalSpec[],
  command: string,
  moreArguments = false,
): ParsedArgs {
  const byName = new Map(options.map((option) => [option.name, option]));
  const byShort = new Map(options.filter((option) => option.short).map((option) => [option.short!, option]));
  const found: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const seen = new Set<string>();

  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--') {
      found.push(...argv.slice(index + 1));
      break;
    }
    // A lone "-" is an ordinary argument (the usual spelling of "standard input").
    if (!token.startsWith('-') || token === '-') {
      found.push(token);
      continue;
    }
    const { option, inlineValue } = findOption(token, byName, byShort, command);
    if (seen.has(option.name) && !option.multiple) {
      throw new UsageError(`--${option.name} is given more than once; give it once.`);
    }
    seen.add(option.name);
    if (option.type === 'boolean') {
      if (inlineValue !== undefined)
        throw new UsageError(`--${option.name} takes no value (remove "=${inlineValue}").`);
      flags.add(option.name);
      continue;
    }
    let value = inlineValue;
    if (value === undefined && option.optionalNumber && !/^\d+(\.\d+)?$/.test(argv[index + 1] ?? '')) {
      flags.add(option.name);
      continue;
    }
    if (value === undefined) {
      const next = argv[index + 1];
      // "--state --json" is a forgotten value, not a folder named "--json".
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${option.name} needs a value: --${option.name} ${option.valueName ?? 'VALUE'}.`);
      }
      value = next;
      index++;
    }
    values.set(option.name, [...(values.get(option.name) ?? []), value]);
  }

  const missing = positionals.find((spec, index) => spec.required && found[index] === undefined);
  if (missing) throw new UsageError(`${command} needs ${missing.name}: ${missing.description}.`);
  const extra = found[positionals.length];
  if (extra !== undefined && !moreArguments) {
    const what =
      positionals.length === 0 ? 'takes no arguments' : `takes ${positionals.map((p) => p.name).join(' ')} only`;
    throw new UsageError(`unexpected argument "${extra}": ${command} ${what}.`);
  }
  return { positionals: found, flags, values };
}

function findOption(
  token: string,
  byName: ReadonlyMap<string, OptionSpec>,
  byShort: ReadonlyMap<string, OptionSpec>,
  command: string,
): { option: OptionSpec; inlineValue: string | undefined } {
  if (token.startsWith('--')) {
    const equals = token.indexOf('=');
    const name = equals < 0 ? token.slice(2) : token.slice(2, equals);
    const option = byName.get(name);
    if (option) return { option, inlineValue: equals < 0 ? undefined : token.slice(equals + 1) };
    throw unknownOption(`--${name}`, name, [...byName.keys()], command, (n) => `--${n}`);
  }
  const short = token.slice(1);
  const option = byShort.get(short);
  if (option) return { option, inlineValue: undefined };
  throw unknownOption(token, short, [...byShort.keys(), ...byName.keys()], command, (n) =>
    n.length === 1 ? `-${n}` : `--${n}`,
  );
}

function unknownOption(
  token: string,
  name: string,
  names: readonly string[],
  command: string,
  spell: (name: string) => string,
): UsageError {
  const suggestion = closestName(name, names);
  if (suggestion) return new UsageError(`unknown option ${token} for "${command}"; did you mean ${spell(suggestion)}?`);
  return new UsageError(`unknown option ${token} for "${command}" (see ml-connector ${command} --help).`);
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name);
}

export function optionValue(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}

export function optionValues(args: ParsedArgs, name: string): readonly string[] {
  return args.values.get(name) ?? [];
}

/** A whole number of at least `min`, for options such as --limit. */
export function integerOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${text}").`);
  }
  return Number(text);
}
