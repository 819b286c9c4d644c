/** `ml-connector webhooks serve`: receive BambooHR webhooks and apply each change as it happens, polling as the fallback. */
import { flag, integerOption, optionValue, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_ARGUMENT, STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { checkStreamNames, loadPipeline } from '../pipeline.ts';
import { loadConnectors } from '../engine.ts';
import { startOrExplain } from './simulate.ts';
import { resolveStateDir } from '../../store/state-folder.ts';
import { tlsFileOptions } from '../tls-files.ts';
import { startWebhookService, WebhookSetupError, type WebhookServiceEvent } from '../../webhooks/webhook-service.ts';
import { webhookStreamKinds, webhookStreams } from '../../webhooks/webhook-streams.ts';
import { rotatedSecretStore } from '../secrets.ts';

export const webhooksCommand: CommandSpec = {
  name: 'webhooks',
  summary: 'Receive webhooks (BambooHR) and apply each change to its stream at once; polling stays the fallback.',
  usage:
    'webhooks serve PIPELINE.json [--stream NAME] [--port N] [--host ADDRESS] [--path PATH] [--tls-cert FILE --tls-key FILE] [--public-url URL] [--key-secret NAME] [--poll-every SECONDS] [--state DIR] [--json]',
  positionals: [
    { name: 'serve', required: true, description: 'what to do (serve: listen until Ctrl-C)' },
    PIPELINE_ARGUMENT,
  ],
  options: [
    {
      name: 'stream',
      type: 'string',
      valueName: 'NAME',
      description: 'The stream to keep current (default: the only BambooHR employees stream).',
    },
    { name: 'port', type: 'string', valueName: 'N', description: 'Port to listen on (default 47012).' },
    {
      name: 'host',
      type: 'string',
      valueName: 'ADDRESS',
      description: 'Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).',
    },
    {
      name: 'path',
      type: 'string',
      valueName: 'PATH',
      description: 'Path the webhook posts to (default /hooks/bamboohr).',
    },
    {
      name: 'tls-cert',
      type: 'string',
      valueName: 'FILE',
      description:
        'Serve HTTPS with this PEM certificate (valid for the name BambooHR is given; BambooHR delivers to https:// only).',
    },
    { name: 'tls-key', type: 'string', valueName: 'FILE', description: 'The PEM private key of --tls-cert.' },
    {
      name: 'public-url',
      type: 'string',
      valueName: 'URL',
      description:
        'The https:// address BambooHR is given, when a TLS-terminating reverse proxy or tunnel forwards it here.',
    },
    {
      name: 'key-secret',
      type: 'string',
      valueName: 'NAME',
      description:
        "Secret holding the webhook's private key, shown once when the webhook was created (default bamboohr_webhook_key).",
    },
    {
      name: 'poll-every',
      type: 'string',
      valueName: 'SECONDS',
      description:
        'Also ask BambooHR for changes this often, for deliveries that never came (default 900; 0 turns it off).',
    },
    STATE_OPTION,
    JSON_OPTION,
  ],
  notes: [
    'Each delivery is checked (HMAC-SHA256 signature, timestamp within 5 minutes, not seen before): a bad,',
    'stale or replayed one is refused with 401/409 and never applied. Its events become a fetch of the',
    'employees they name, mapped and written like a run (audit, holds and replay as usual). A write that',
    'fails answers 500, so BambooHR delivers again. Webhooks and polling never apply one change twice.',
    'The polling watermark of `ml-connector run` is left alone, so scheduled runs still catch anything missed.',
    'BambooHR delivers webhooks to https:// addresses only (it refuses to create a webhook with another URL):',
    'serve HTTPS here with --tls-cert and --tls-key, or put a TLS-terminating reverse proxy or tunnel in front',
    'and name its address with --public-url. A plain-HTTP listener is never printed as the address to give BambooHR.',
  ],
  examples: [
    {
      command:
        'webhooks serve pipeline.json --host 0.0.0.0 --port 8443 --tls-cert hooks.example.com.pem --tls-key hooks.example.com-key.pem --public-url https://hooks.example.com:8443/hooks/bamboohr',
      description: 'Serve HTTPS on every interface; give BambooHR the public address.',
    },
    {
      command: 'webhooks serve pipeline.json --public-url https://hooks.example.com/bamboohr',
      description: 'Plain HTTP on 127.0.0.1:47012 behind a reverse proxy that serves the https address.',
    },
    {
      command: 'webhooks serve assets/examples/bamboohr-to-gp.json --poll-every 0 --json',
      description: 'Webhooks only; one JSON line per delivery and per change applied.',
    },
  ],
  run: runWebhooks,
};

function describe(event: WebhookServiceEvent): string {
  switch (event.type) {
    case 'delivery':
      return `delivery ${event.status} ${event.outcome}${event.employees.length === 0 ? '' : ` (employees ${event.employees.join(', ')})`}`;
    case 'applied':
      return `${event.via}: ${event.read} read, ${event.written} written, ${event.held} held, ${event.alreadyApplied} already applied (run ${event.runId}, ${event.status})`;
    case 'nothing-new':
      return `${event.via}: nothing new${event.alreadyApplied === 0 ? '' : ` (${event.alreadyApplied} already applied by webhook)`}`;
  }
}

async function runWebhooks(args: ParsedArgs, context: CliContext): Promise<number> {
  if (args.positionals[0] !== 'serve')
    throw new UsageError(
      `webhooks takes serve, not "${args.positionals[0] ?? ''}" (see ml-connector webhooks --help).`,
    );
  const loaded = loadPipeline(args.positionals[1]!, context.err);
  const given = optionValue(args, 'stream');
  if (given !== undefined) checkStreamNames(loaded, [given]);
  const connectors = await loadConnectors();
  const candidates = webhookStreams(loaded.pipeline, connectors.webhookSystems());
  const stream = given ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (stream === undefined)
    throw new UsageError(
      candidates.length === 0
        ? `the pipeline has no ${webhookStreamKinds(connectors.webhookSystems())} stream for webhooks to keep current.`
        : `name the stream with --stream (one of ${candidates.join(', ')}).`,
    );
  const json = flag(args, 'json');
  const port = integerOption(args, 'port', 0) ?? 47012;
  const pollSeconds = integerOption(args, 'poll-every', 0) ?? 900;
  const tlsFiles = tlsFileOptions(args, context.cwd, 'the receiver');
  const service = await startOrExplain(
    () =>
      startWebhookService({
        connectors,
        loaded,
        stream,
        stateDir: resolveStateDir(optionValue(args, 'state'), context.env, context.cwd, loaded.path),
        host: optionValue(args, 'host') ?? '127.0.0.1',
        port,
        ...(optionValue(args, 'path') === undefined ? {} : { path: optionValue(args, 'path')! }),
        ...(tlsFiles === undefined ? {} : { tlsFiles }),
        ...(optionValue(args, 'public-url') === undefined ? {} : { publicUrl: optionValue(args, 'public-url')! }),
        keySecret: optionValue(args, 'key-secret') ?? 'bamboohr_webhook_key',
        resolveSecret: (name) => context.secrets.resolve(name),
        storeSecret: rotatedSecretStore(context.secrets),
        onEvent: (event) => (json ? context.out.json(event) : context.out.line(describe(event))),
      }).catch((error: unknown) => {
        // A setup the user gave wrong is a usage mistake here: exit 2 with its words.
        throw error instanceof WebhookSetupError ? new UsageError(error.message) : error;
      }),
    port,
  );
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  if (json)
    context.out.json({
      type: 'listening',
      url: service.url,
      deliveryUrl: service.deliveryUrl ?? null,
      pollEverySeconds: pollSeconds,
    });
  else {
    context.out.line(
      `Listening for BambooHR webhooks on ${service.url} (stream ${stream}); ${pollSeconds === 0 ? 'no polling' : `polling every ${pollSeconds} s`}.`,
    );
    context.out.line(deliveryAdvice(service));
    context.out.line('Press Ctrl-C to stop.');
  }
  let polling = Promise.resolve();
  const timer =
    pollSeconds === 0
      ? undefined
      : setInterval(() => {
          // One poll at a time; a failed poll is reported and the next one tries again.
          polling = polling
            .then(() => service.poll())
            .catch((error: unknown) =>
              context.err.line(`poll failed: ${error instanceof Error ? error.message : String(error)}`),
            );
        }, pollSeconds * 1000);
  await stopped;
  if (timer !== undefined) clearInterval(timer);
  await polling;
  await service.close();
  context.err.line('webhook receiver stopped.');
  return EXIT_OK;
}

/** What to give BambooHR as the webhook's URL: it delivers to https:// only, so a plain-HTTP address never is. */
function deliveryAdvice(service: { readonly url: string; readonly deliveryUrl: string | undefined }): string {
  if (service.deliveryUrl !== undefined) return `Give BambooHR this webhook URL: ${service.deliveryUrl}`;
  const { port, pathname } = new URL(service.url);
  if (service.url.startsWith('https:'))
    return `Give BambooHR https://<the name your certificate is for>:${port}${pathname} as the webhook URL (or name it with --public-url).`;
  return (
    'This listener speaks plain HTTP, and BambooHR delivers webhooks to https:// addresses only: put a TLS-terminating reverse proxy or ' +
    'tunnel in front of it and give BambooHR that https:// address (name it with --public-url), or serve HTTPS here with --tls-cert and --tls-key.'
  );
}
