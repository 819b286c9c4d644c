/**
 * The webhook receiver as a library function (the `webhooks serve` command wraps it): verifies the
 * signature and timestamp (signature.ts), refuses a delivery it has already taken (a replay), parses the
 * lightweight events and hands them on; the handler turns them into follow-up fetches (change-feed.ts).
 * Answers follow BambooHR's delivery rules (§8: 4xx is never retried, 5xx is): a forged, stale, replayed
 * or unreadable delivery gets a 4xx; a failure of our own handler gets 500, so BambooHR tries again, and
 * that delivery is not remembered as taken.
 */
import type { IncomingMessage, RequestListener } from 'node:http';
import { type EmployeeWebhookEvent, parseWebhookPayload } from './events.ts';
import { verifySignature } from './signature.ts';

export type ReceiveOutcome =
  | 'accepted'
  | 'missing-signature'
  | 'bad-timestamp'
  | 'bad-signature'
  | 'stale'
  | 'replayed'
  | 'bad-payload'
  | 'handler-failed';

export interface ReceiveResult {
  readonly status: number;
  readonly outcome: ReceiveOutcome;
  readonly events: readonly EmployeeWebhookEvent[];
}

export interface WebhookReceiverOptions {
  /** The privateKey BambooHR returned when the webhook was created (§8: only then); from the secret store. */
  readonly privateKey: () => Promise<string>;
  readonly onEvents: (events: readonly EmployeeWebhookEvent[]) => Promise<void> | void;
  /** Epoch ms. */
  readonly now?: () => number;
  /** Largest distance between the delivery's timestamp and now. Default 300 s (BambooHR names none: unconfirmed). */
  readonly toleranceSeconds?: number;
}

export interface WebhookReceiver {
  receive(headers: IncomingMessage['headers'], rawBody: Buffer): Promise<ReceiveResult>;
  /** A node:http listener answering POSTs with the status of `receive`. */
  readonly listener: RequestListener;
  /** Deliveries taken and remembered for replay detection. */
  readonly remembered: () => number;
}

const STATUS: Readonly<Record<ReceiveOutcome, number>> = {
  accepted: 200,
  'missing-signature': 401,
  'bad-timestamp': 401,
  'bad-signature': 401,
  stale: 401,
  replayed: 409,
  'bad-payload': 400,
  'handler-failed': 500,
};

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const now = options.now ?? Date.now;
  const tolerance = options.toleranceSeconds ?? 300;
  /** Signatures taken, until their timestamp is too old to pass the stale check anyway. */
  const seen = new Map<string, number>();
  const result = (outcome: ReceiveOutcome, events: readonly EmployeeWebhookEvent[] = []): ReceiveResult => ({
    status: STATUS[outcome],
    outcome,
    events,
  });

  async function receive(headers: IncomingMessage['headers'], rawBody: Buffer): Promise<ReceiveResult> {
    const nowMs = now();
    for (const [signature, timestamp] of seen) if (nowMs / 1000 - timestamp > tolerance) seen.delete(signature);
    const signature = header(headers, 'x-bamboohr-signature')?.toLowerCase();
    const verdict = verifySignature({
      rawBody,
      timestamp: header(headers, 'x-bamboohr-timestamp'),
      signature,
      privateKey: await options.privateKey(),
      nowMs,
      toleranceSeconds: tolerance,
    });
    if (!verdict.ok) return result(verdict.reason);
    if (signature === undefined || seen.has(signature)) return result('replayed');
    let events: EmployeeWebhookEvent[] | undefined;
    try {
      events = parseWebhookPayload(JSON.parse(rawBody.toString('utf8')));
    } catch {
      events = undefined;
    }
    if (events === undefined) return result('bad-payload');
    // Taken before the handler runs, so a copy arriving meanwhile is a replay; released if the handler fails.
    seen.set(signature, verdict.timestampSeconds);
    try {
      await options.onEvents(events);
    } catch {
      seen.delete(signature);
      return result('handler-failed', events);
    }
    return result('accepted', events);
  }

  const listener: RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const done = (status: number) => {
        response.writeHead(status, { 'content-length': 0 });
        response.end();
      };
      if (request.method !== 'POST') return done(405);
      receive(request.headers, Buffer.concat(chunks)).then(
        (outcome) => done(outcome.status),
        () => done(500),
      );
    });
  };

  return { receive, listener, remembered: () => seen.size };
}
