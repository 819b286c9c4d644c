/** Help texts, generated from the command specs so that help and parser never disagree. */
import type { OptionSpec } from './args.ts';
import { COMMON_OPTIONS, type CommandSpec } from './command.ts';
import { DEFAULT_STATE_FOLDER, STATE_ENVIRONMENT_VARIABLE } from '../store/state-folder.ts';

export const TOOL = 'ml-connector';

const EXIT_CODES =
  'Exit codes: 0 all good; 1 rows held for review or a stream failed; 2 invalid pipeline or arguments; 75 already running (run, replay: nothing done, try again later); 130 cancelled with Ctrl-C.';
const STATE_NOTE = `State folder: --state DIR, else $${STATE_ENVIRONMENT_VARIABLE}, else ${DEFAULT_STATE_FOLDER} beside the pipeline file (the studio uses the same).`;
const SECRETS_NOTE =
  'Secrets named in a pipeline come from the OS keychain (service "ml-connector"), else from ML_CONNECTOR_SECRET_<NAME>.';

function columns(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionLabel(option: OptionSpec): string {
  const value = option.valueName ?? 'VALUE';
  const long = `--${option.name}${option.type === 'string' ? ` ${option.optionalNumber ? `[${value}]` : value}` : ''}`;
  return option.short ? `-${option.short}, ${long}` : `    ${long}`;
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`${TOOL} ${spec.name}: ${spec.summary}`, '', `Usage: ${TOOL} ${spec.usage}`];
  if (spec.positionals.length > 0) {
    lines.push('', 'Arguments:', ...columns(spec.positionals.map((p) => [p.name, p.description])));
  }
  const options = [...spec.options, ...COMMON_OPTIONS];
  lines.push(
    '',
    'Options:',
    ...columns(options.map((o) => [optionLabel(o), o.description + (o.multiple ? ' May be repeated.' : '')])),
  );
  if (spec.notes && spec.notes.length > 0) lines.push('', ...spec.notes);
  lines.push('', spec.examples.length === 1 ? 'Example:' : 'Examples:');
  for (const example of spec.examples) lines.push(`  ${TOOL} ${example.command}`, `      ${example.description}`);
  return lines.join('\n');
}

export function toolHelp(commands: readonly CommandSpec[], notYet: readonly string[]): string {
  return [
    `${TOOL}: move ledger data from ERP and HR systems into a warehouse, headless or on a schedule.`,
    '',
    `Usage: ${TOOL} COMMAND [arguments] [options]`,
    '',
    'Commands:',
    ...columns(commands.map((c) => [c.name, c.summary])),
    ...(notYet.length === 0 ? [] : [`Not in this version yet: ${notYet.join(', ')}.`]),
    '',
    'Options:',
    ...columns(COMMON_OPTIONS.map((o) => [optionLabel(o), o.description])),
    '',
    STATE_NOTE,
    SECRETS_NOTE,
    EXIT_CODES,
    '',
    'Examples:',
    `  ${TOOL} validate pipeline.json`,
    `  ${TOOL} run pipeline.json --state /var/lib/ml-connector --json`,
    '',
    `Run "${TOOL} COMMAND --help" for the arguments and options of a command.`,
  ].join('\n');
}
