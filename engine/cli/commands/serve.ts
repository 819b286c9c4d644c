/** `ml-connector serve`: the headless service running pipelines on their schedules (engine/serve). */
import { resolve } from 'node:path';
import { DEFAULT_STATE_FOLDER, chosenStateDir, resolveStateDir } from '../../store/state-folder.ts';
import { integerOption, optionValue, type ParsedArgs } from '../args.ts';
import { STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner, loadServe } from '../engine.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { rotatedSecretStore } from '../secrets.ts';

const MISSED_RUNS = ['skip', 'run-once'] as const;
const STYLES = ['json', 'slack', 'teams'] as const;

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: 'Run pipelines on their schedules, as a service: JSON-line logs, a status endpoint, alerts.',
  usage: 'serve FOLDER|PIPELINE.json... [--state DIR] [--missed-runs skip|run-once] [--status-port N] ...',
  positionals: [
    {
      name: 'FOLDER|PIPELINE.json',
      required: true,
      description: 'pipeline files, or folders whose *.json pipeline files it runs (new ones are picked up)',
    },
  ],
  moreArguments: true,
  options: [
    STATE_OPTION,
    {
      name: 'missed-runs',
      type: 'string',
      valueName: 'skip|run-once',
      description:
        'After downtime: skip waits for the next scheduled time (default); run-once runs a pipeline that missed a time once at start.',
    },
    {
      name: 'status-host',
      type: 'string',
      valueName: 'ADDRESS',
      description: 'Address of the status endpoint (default 127.0.0.1; any other needs --status-token-secret).',
    },
    {
      name: 'status-port',
      type: 'string',
      valueName: 'N',
      description: 'Port of the status endpoint (default 47080; 0: any free port).',
    },
    {
      name: 'status-token-secret',
      type: 'string',
      valueName: 'NAME',
      description: 'Secret holding the token the status endpoint requires (Authorization: Bearer TOKEN).',
    },
    {
      name: 'alert-webhook-secret',
      type: 'string',
      valueName: 'NAME',
      description:
        'Secret holding the webhook address alerts are posted to (the address is a credential in Slack and Teams).',
    },
    {
      name: 'alert-style',
      type: 'string',
      valueName: 'json|slack|teams',
      description: 'Payload shape of the alerts (default json).',
    },
    {
      name: 'keep-days',
      type: 'string',
      valueName: 'N',
      description:
        'Keep N days of run history (audit trail, replay payloads); runs with held rows still open are kept until resolved. Default: keep everything.',
    },
    {
      name: 'reload-seconds',
      type: 'string',
      valueName: 'N',
      description:
        'Re-read the pipeline files at least this often (default 30); changes are also picked up as they are saved.',
    },
  ],
  notes: [
    'Each pipeline runs on its schedule (cron, in its time zone), one run at a time: a pipeline still running when it is due again is skipped, and the skip is logged.',
    'A changed pipeline file is validated first; an invalid one is refused with its problems and the previous version keeps running.',
    'The log is one JSON object per line on stdout (run, stream, batch and hold events), with no secret in it.',
    'SIGTERM or Ctrl-C stops gracefully: the batch in flight commits or rolls back, then the service exits.',
    'State: each pipeline uses the state folder `run` would (--state DIR for all of them); the service keeps its last scheduled times in --state, $ML_CONNECTOR_STATE or ./.ml-connector.',
    'Alerts (a run failed, rows held, control totals that differ source vs destination) are posted in the background, retried, and never hold up a run.',
  ],
  examples: [
    {
      command: 'serve /etc/ml-connector/pipelines --state /var/lib/ml-connector',
      description: 'Run every pipeline in a folder.',
    },
    {
      command:
        'serve gl.json --status-host 0.0.0.0 --status-token-secret STATUS_TOKEN --alert-webhook-secret TEAMS_HOOK --alert-style teams',
      description: 'Status reachable from the network with a token; alerts to a Teams channel.',
    },
  ],
  run: runServe,
};

async function runServe(args: ParsedArgs, context: CliContext): Promise<number> {
  const missedRuns = choice(args, 'missed-runs', MISSED_RUNS) ?? 'skip';
  const style = choice(args, 'alert-style', STYLES) ?? 'json';
  const stateOption = optionValue(args, 'state');
  const reloadSeconds = integerOption(args, 'reload-seconds', 1) ?? 30;
  const keepDays = integerOption(args, 'keep-days', 1);
  const statusPort = integerOption(args, 'status-port', 0);
  const tokenSecret = optionValue(args, 'status-token-secret');
  const alertSecret = optionValue(args, 'alert-webhook-secret');
  const token = tokenSecret === undefined ? undefined : await context.secrets.resolve(tokenSecret);
  const alertUrl = alertSecret === undefined ? undefined : await context.secrets.resolve(alertSecret);
  if (alertUrl !== undefined && !/^https?:\/\//.test(alertUrl)) {
    throw new UsageError(`the secret ${alertSecret} must hold the webhook's http(s):// address.`);
  }

  const serve = await loadServe();
  const { runPipeline } = await loadRunner();
  const connectors = await loadConnectors();
  const log = serve.createServeLog({
    write: (line) => context.out.line(line.replace(/\n$/, '')),
    scrub: (text) => context.secrets.scrub(text),
    now: Date.now,
  });
  // Alerts go to a pipeline's own webhook (`schedule.alerts` in its file), else to the service's, if any.
  const alerts = new serve.WebhookAlerts({
    ...(alertUrl === undefined ? {} : { serviceTarget: { url: alertUrl, style } }),
    resolveSecret: (name) => context.secrets.resolve(name),
    log,
  });
  const service = new serve.ServeService({
    targets: args.positionals,
    cwd: context.cwd,
    stateDirFor: (loaded) => resolveStateDir(stateOption, context.env, context.cwd, loaded.path),
    serviceStateDir:
      chosenStateDir(stateOption, context.env, context.cwd) ?? resolve(context.cwd, DEFAULT_STATE_FOLDER),
    missedRuns,
    now: Date.now,
    // The runner takes the run lock shared with `run`, `replay` and the studio: held elsewhere, the run is
    // refused at once (RUN_LOCKED) and the service logs it as skipped.
    startRun: (request) =>
      runPipeline({
        ...request,
        startedBy: 'serve',
        connectors,
        resolveSecret: (name) => context.secrets.resolve(name),
        storeSecret: rotatedSecretStore(context.secrets),
        secretValues: () => context.secrets.values(),
      }),
    log,
    alerts,
    ...(keepDays === undefined ? {} : { keepDays }),
  });
  const status = await serve
    .startStatusServer({
      status: () => service.status(),
      host: optionValue(args, 'status-host') ?? serve.DEFAULT_STATUS_HOST,
      port: statusPort ?? serve.DEFAULT_STATUS_PORT,
      ...(token === undefined ? {} : { token }),
    })
    .catch((error: unknown) => {
      throw error instanceof serve.StatusSetupError ? new UsageError(error.message) : error;
    });
  log.info('status-listening', { url: status.url, token: token !== undefined });
  log.info('serve-started', { targets: args.positionals.map((t) => resolve(context.cwd, t)), missedRuns });
  const interrupt = cancelOnInterrupt((line) => context.err.line(line));
  try {
    await serve.runServeProcess(service, {
      watchPaths: args.positionals.map((t) => resolve(context.cwd, t)),
      reloadEveryMs: reloadSeconds * 1000,
      signal: interrupt.signal,
    });
  } finally {
    interrupt.dispose();
    await status.close();
  }
  return EXIT_OK;
}

function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = optionValue(args, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}").`);
  }
  return value as T;
}
