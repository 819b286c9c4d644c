/** `ml-connector plan`: what a run would write to each target, before anything is written. */
import { flag, optionValue, optionValues, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_ARGUMENT, STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner } from '../engine.ts';
import { EXIT_OK } from '../errors.ts';
import { checkStreamNames, loadPipeline } from '../pipeline.ts';
import { formatCount } from '../progress.ts';
import { resolveStateDir } from '../../store/state-folder.ts';
import { formatTable } from '../table.ts';
import { rotatedSecretStore } from '../secrets.ts';

export const planCommand: CommandSpec = {
  name: 'plan',
  summary: 'Show what a run would write: inserts, updates and unchanged rows per target, and rows it would hold.',
  usage: 'plan PIPELINE.json [--stream NAME]... [--state DIR] [--json]',
  positionals: [PIPELINE_ARGUMENT],
  options: [
    { name: 'stream', type: 'string', valueName: 'NAME', multiple: true, description: 'Plan only this stream.' },
    STATE_OPTION,
    JSON_OPTION,
  ],
  notes: [
    "Reads from each stream's saved watermark, as the next run would; writes no rows and moves no watermark.",
    'With --json: one {"type":"stream",...} line per stream.',
  ],
  examples: [
    {
      command: 'plan pipeline.json --stream gl_lines',
      description: 'Count what the next run would insert and update in gl_lines.',
    },
  ],
  run: runPlan,
};

async function runPlan(args: ParsedArgs, context: CliContext): Promise<number> {
  const loaded = loadPipeline(args.positionals[0]!, context.err);
  const streams = optionValues(args, 'stream');
  checkStreamNames(loaded, streams);
  const stateDir = resolveStateDir(optionValue(args, 'state'), context.env, context.cwd, loaded.path);
  const { planRun } = await loadRunner();
  const plan = await planRun(loaded, {
    stateDir,
    streams,
    connectors: await loadConnectors(),
    resolveSecret: (name) => context.secrets.resolve(name),
    storeSecret: rotatedSecretStore(context.secrets),
  });

  if (flag(args, 'json')) {
    for (const stream of plan.streams) context.out.json({ type: 'stream', ...stream });
    return EXIT_OK;
  }
  const right = { align: 'right' } as const;
  const lines = formatTable(
    [
      { header: 'STREAM' },
      { header: 'TABLE' },
      { header: 'MODE' },
      { header: 'READ', ...right },
      { header: 'INSERTS', ...right },
      { header: 'UPDATES', ...right },
      { header: 'UNCHANGED', ...right },
      { header: 'HELD', ...right },
    ],
    plan.streams.map((s) => [
      s.name,
      s.table,
      s.writeMode,
      ...[s.read, s.inserts, s.updates, s.unchanged, s.held].map(formatCount),
    ]),
  );
  for (const line of lines) context.out.line(line);
  return EXIT_OK;
}
