/** A command as data: its help text, its options and the function that runs it. */
import type { OptionSpec, PositionalSpec } from './args.ts';
import type { CommandHandler } from './context.ts';

export interface Example {
  readonly command: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for the command list in `ml-connector --help`. */
  readonly summary: string;
  /** The synopsis after `ml-connector`, e.g. `run PIPELINE.json [--state DIR]`. */
  readonly usage: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
  /** Surplus arguments reach the command instead of being refused by the parser (see parseArgs). */
  readonly moreArguments?: boolean;
  /** Paragraphs after the options: exit codes, defaults, what is written where. */
  readonly notes?: readonly string[];
  readonly examples: readonly Example[];
  readonly run: CommandHandler;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'debug', type: 'boolean', description: 'On an error, print the stack trace too.' },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.' },
];

export const STATE_OPTION: OptionSpec = {
  name: 'state',
  type: 'string',
  valueName: 'DIR',
  description:
    'State folder (run store: watermarks, audit trail, held rows). Default: $ML_CONNECTOR_STATE, else .ml-connector beside the pipeline file.',
};

/** For commands that name no pipeline otherwise (holds, audit): whose state folder to read. */
export const PIPELINE_STATE_OPTION: OptionSpec = {
  name: 'pipeline',
  type: 'string',
  valueName: 'PIPELINE.json',
  description:
    "Read this pipeline's state folder (.ml-connector beside the file, unless --state or $ML_CONNECTOR_STATE says otherwise) and show only its rows. Default: ./.ml-connector.",
};

export const JSON_OPTION: OptionSpec = {
  name: 'json',
  type: 'boolean',
  description: 'Print one JSON object per line instead of text.',
};

export const PIPELINE_ARGUMENT: PositionalSpec = {
  name: 'PIPELINE.json',
  required: true,
  description: 'the pipeline file',
};
