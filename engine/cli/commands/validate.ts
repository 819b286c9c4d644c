/** `ml-connector validate`: every problem of a pipeline, each with its JSON path, before IT schedules it. */
import { problemLine, type Problem } from '../../model/index.ts';
import { loadPipelineFile, PipelineProblemsError } from '../../runner/pipeline-loader.ts';
import { flag, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_ARGUMENT, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { EXIT_INVALID, EXIT_OK } from '../errors.ts';
import { loadConnectors, loadMappingCheck } from '../engine.ts';
import { plural } from '../run-report.ts';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'Check a pipeline file and type-check its mappings against the source; writes nothing.',
  usage: 'validate PIPELINE.json [--json]',
  positionals: [PIPELINE_ARGUMENT],
  options: [JSON_OPTION],
  notes: [
    'Every problem is printed with its JSON path, and inside a formula with its line and column.',
    'With --json: one {"type":"problem",...} line per problem, then {"type":"summary","valid":true|false,...}.',
    'Exit codes: 0 valid (warnings may be printed); 2 invalid.',
  ],
  examples: [
    { command: 'validate pipeline.json', description: 'List every problem of pipeline.json, or say that it is valid.' },
  ],
  run: runValidate,
};

async function runValidate(args: ParsedArgs, context: CliContext): Promise<number> {
  const file = args.positionals[0]!;
  let problems: readonly Problem[];
  let counts = '';
  try {
    const loaded = loadPipelineFile(file);
    const { checkMappings } = await loadMappingCheck();
    problems = [
      ...loaded.warnings,
      ...(await checkMappings(loaded, {
        connectors: await loadConnectors(),
        resolveSecret: (name) => context.secrets.resolve(name),
      })),
    ];
    const { streams, connections } = loaded.pipeline;
    counts = `${plural(Object.keys(streams).length, 'stream')}, ${plural(Object.keys(connections).length, 'connection')}`;
  } catch (error) {
    if (!(error instanceof PipelineProblemsError)) throw error;
    problems = error.problems;
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;

  if (flag(args, 'json')) {
    for (const problem of problems) context.out.json({ type: 'problem', ...problem });
    context.out.json({ type: 'summary', file, valid: errors === 0, errors, warnings });
  } else {
    for (const problem of problems) context.err.line(`${problem.severity}: ${problemLine(problem)}`);
    if (errors === 0)
      context.out.line(`${file} is valid (${counts}${warnings > 0 ? `; ${plural(warnings, 'warning')}` : ''}).`);
    else
      context.err.line(
        `${file} is not valid: ${plural(errors, 'error')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}.`,
      );
  }
  return errors === 0 ? EXIT_OK : EXIT_INVALID;
}
