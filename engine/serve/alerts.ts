/**
 * Alerts by outgoing webhook when a run fails, holds rows, or its control totals differ between source
 * and destination with no held row to explain it: a JSON POST in the receiver's style (plain
 * JSON, Slack's `{text}`, or a Teams MessageCard), retried with backoff in the background so an alert
 * never holds up a run. Where the service stops, `drain()` gives the deliveries under way their chance.
 */
import type { LoadedPipeline, RunOutcome } from '../runner/index.ts';
import type { ServeLog } from './serve-log.ts';
import { describeDifference, type TotalsDifference } from './totals-check.ts';

export { ALERT_STYLES } from '../model/schema/pipeline.ts';
export type AlertStyle = 'json' | 'slack' | 'teams';

export interface AlertTarget {
  readonly url: string;
  readonly style: AlertStyle;
}

type PipelineAlerts = NonNullable<NonNullable<LoadedPipeline['pipeline']['schedule']>['alerts']>;

export interface Alert {
  readonly kind: 'run-failed' | 'rows-held' | 'control-totals-differ';
  readonly file: string;
  readonly pipeline?: string;
  readonly runId?: string;
  readonly summary: string;
  /** For `control-totals-differ`: what differs, stream by stream, source beside destination. */
  readonly differences?: readonly TotalsDifference[];
}

export interface Alerts {
  afterRun(
    loaded: LoadedPipeline,
    identity: Record<string, string>,
    outcome: RunOutcome | undefined,
    error: string | undefined,
    differences?: readonly TotalsDifference[],
  ): void;
  drain(): Promise<void>;
}

export interface WebhookAlertsOptions {
  /** The service's webhook, for pipelines whose file names none of their own (`schedule.alerts`). */
  readonly serviceTarget?: AlertTarget;
  /** Resolves a pipeline's `schedule.alerts.secret` to the address. */
  readonly resolveSecret: (name: string) => Promise<string>;
  readonly log: ServeLog;
  /** Attempts per alert (the first included). */
  readonly attempts?: number;
  /** Waits between attempts; a test passes one that returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly backoffMs?: (attempt: number) => number;
  readonly fetch?: typeof fetch;
}

export class WebhookAlerts implements Alerts {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookAlertsOptions) {}

  afterRun(
    loaded: LoadedPipeline,
    identity: Record<string, string>,
    outcome: RunOutcome | undefined,
    error: string | undefined,
    differences: readonly TotalsDifference[] = [],
  ): void {
    for (const alert of alertsOf(identity, outcome, error, differences)) this.send(loaded, alert);
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private send(loaded: LoadedPipeline, alert: Alert): void {
    const own = loaded.pipeline.schedule?.alerts;
    if (!own && !this.options.serviceTarget) return;
    const delivery = this.deliver(alert, own).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  private async targetOf(own: PipelineAlerts | undefined): Promise<AlertTarget | undefined> {
    if (!own) return this.options.serviceTarget;
    return { url: await this.options.resolveSecret(own.secret), style: own.style ?? 'json' };
  }

  private async deliver(alert: Alert, own: PipelineAlerts | undefined): Promise<void> {
    let target: AlertTarget | undefined;
    try {
      target = await this.targetOf(own);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      this.options.log.error('alert-failed', { kind: alert.kind, file: alert.file, attempts: 0, problem });
      return;
    }
    if (!target) return;
    const attempts = this.options.attempts ?? 5;
    const sleep = this.options.sleep ?? ((ms) => new Promise<void>((done) => setTimeout(done, ms)));
    const backoff = this.options.backoffMs ?? ((attempt) => Math.min(60_000, 1000 * 2 ** (attempt - 1)));
    const post = this.options.fetch ?? fetch;
    let problem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await post(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payloadFor(alert, target.style)),
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        if (response.ok) {
          this.options.log.info('alert-sent', { kind: alert.kind, file: alert.file, attempt });
          return;
        }
        problem = `the receiver answered ${response.status}`;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (attempt < attempts) await sleep(backoff(attempt));
    }
    // The address itself is left out: a Slack or Teams webhook address is a credential.
    this.options.log.error('alert-failed', { kind: alert.kind, file: alert.file, attempts, problem });
  }
}

export function alertsOf(
  identity: Record<string, string>,
  outcome: RunOutcome | undefined,
  error: string | undefined,
  differences: readonly TotalsDifference[] = [],
): Alert[] {
  const file = identity.file ?? '';
  const base = { file, ...(identity.pipeline ? { pipeline: identity.pipeline } : {}) };
  const name = identity.pipeline ?? file;
  if (!outcome) return [{ ...base, kind: 'run-failed', summary: `${name}: the run did not start: ${error ?? ''}` }];
  const alerts: Alert[] = [];
  const run = { ...base, runId: outcome.runId };
  if (outcome.status === 'failed') {
    const failed = outcome.streams.filter((s) => s.status === 'failed').map((s) => s.name);
    alerts.push({ ...run, kind: 'run-failed', summary: `${name}: run ${outcome.runId} failed (${failed.join(', ')})` });
  }
  const held = outcome.streams.reduce((n, s) => n + s.held, 0);
  if (held > 0) {
    alerts.push({ ...run, kind: 'rows-held', summary: `${name}: run ${outcome.runId} held ${held} row(s) for review` });
  }
  if (differences.length > 0) {
    const lines = differences.map(describeDifference).join('; ');
    alerts.push({
      ...run,
      kind: 'control-totals-differ',
      summary: `${name}: run ${outcome.runId}: control totals differ, source vs destination: ${lines}`,
      differences,
    });
  }
  return alerts;
}

export function payloadFor(alert: Alert, style: AlertStyle): unknown {
  switch (style) {
    case 'json':
      return { source: 'ml-connector', ...alert };
    case 'slack':
      return { text: `ml-connector: ${alert.summary}` };
    case 'teams':
      return {
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: alert.summary,
        title: `ml-connector: ${alert.kind}`,
        text: alert.summary,
      };
  }
}
