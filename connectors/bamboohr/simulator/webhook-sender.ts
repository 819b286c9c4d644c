/**
 * BambooHR's webhook deliveries (bamboohr.md §8): one new-style JSON event per POST, signed with
 * HMAC-SHA256 (key = the webhook's privateKey, message = raw body bytes immediately followed by the
 * timestamp string, lowercase hex), headers `X-BambooHR-Timestamp` (Unix seconds), `X-BambooHR-Signature`
 * and BambooHR's User-Agent. 2xx is delivered; 4xx is never retried; 5xx or no answer is retried up to
 * 5 times after 5, 10, 20, 40 and 80 minutes. The clock is injected: `runDue()` sends what is due now,
 * so a test moves the clock instead of waiting.
 * Deliveries go to HTTPS addresses only: BambooHR refuses to create a webhook whose URL does not begin
 * with `https://` (its OpenAPI spec, `specs/public.yaml`, `POST /webhooks`: 400, "URL not starting with
 * `https://`"), so the sender refuses such a target, and checks the receiver's certificate.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import type { BambooStore, EmployeeEvent } from './store.ts';

export const RETRY_MINUTES = [5, 10, 20, 40, 80] as const;
export const WEBHOOK_USER_AGENT = 'BambooHR-WebHooks/1.0 (+https://www.bamboohr.com)';

export interface WebhookTarget {
  /** Must begin with `https://`, as BambooHR requires of a webhook's URL. */
  readonly url: string;
  /** PEM of a CA to trust besides the system's, for a receiver whose certificate a test made. */
  readonly ca?: string;
  readonly privateKey: string;
  readonly companyId?: string;
  /** §8: a company-domain header when includeCompanyDomain; its name is unconfirmed (one client reads `company-domain`). */
  readonly companyDomain?: string;
}

export interface Delivery {
  readonly event: EmployeeEvent;
  readonly body: string;
  readonly attempt: number;
  readonly status: number | 'no-answer';
  readonly timestamp: string;
}

interface Pending {
  readonly event: EmployeeEvent;
  readonly body: string;
  attempts: number;
  dueMs: number;
}

export function signWebhook(body: string, timestamp: string, privateKey: string): string {
  return createHmac('sha256', privateKey)
    .update(Buffer.concat([Buffer.from(body, 'utf8'), Buffer.from(timestamp, 'utf8')]))
    .digest('hex');
}

export function eventBody(event: EmployeeEvent, companyId: string): string {
  const data: Record<string, unknown> = { companyId, employeeId: event.employeeId };
  // §8: created/deleted carry only companyId and employeeId; updated also changedFields.
  if (event.type === 'employee.updated') data.changedFields = event.changedFields;
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.atMs).toISOString().replace('.000Z', 'Z'),
    data,
  });
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private readonly pending: Pending[] = [];

  constructor(
    private readonly store: BambooStore,
    private readonly target: WebhookTarget,
    private readonly now: () => number = Date.now,
  ) {
    // The spec's wording for the 400 is "URL not starting with `https://`"; BambooHR's exact error text is unconfirmed.
    if (!/^https:\/\//.test(target.url))
      throw new Error(
        `BambooHR refuses this webhook: its URL must begin with https:// (a webhook is delivered over HTTPS only), not ${target.url}`,
      );
  }

  /** Takes the store's new events into the outbox and sends everything due. */
  async flush(): Promise<readonly Delivery[]> {
    for (const event of this.store.events.splice(0)) {
      this.pending.push({
        event,
        body: eventBody(event, this.target.companyId ?? '12345'),
        attempts: 0,
        dueMs: this.now(),
      });
    }
    return this.runDue();
  }

  /** Sends the deliveries whose time has come (first tries and retries), in order. */
  async runDue(): Promise<readonly Delivery[]> {
    const sent: Delivery[] = [];
    for (const item of [...this.pending]) {
      if (item.dueMs > this.now()) continue;
      const delivery = await this.send(item);
      sent.push(delivery);
      this.deliveries.push(delivery);
      const status = delivery.status;
      const retry = status === 'no-answer' || status >= 500;
      this.pending.splice(this.pending.indexOf(item), 1);
      const wait = RETRY_MINUTES[item.attempts - 1];
      if (retry && wait !== undefined) this.pending.push({ ...item, dueMs: this.now() + wait * 60_000 });
    }
    return sent;
  }

  get outbox(): number {
    return this.pending.length;
  }

  private async send(item: Pending): Promise<Delivery> {
    item.attempts += 1;
    const timestamp = String(Math.floor(this.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'x-bamboohr-timestamp': timestamp,
      'x-bamboohr-signature': signWebhook(item.body, timestamp, this.target.privateKey),
      ...(this.target.companyDomain === undefined ? {} : { 'company-domain': this.target.companyDomain }),
    };
    const dispatcher = this.target.ca === undefined ? undefined : new Agent({ connect: { ca: this.target.ca } });
    try {
      const response = await request(this.target.url, {
        method: 'POST',
        headers,
        body: item.body,
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      await response.body.dump();
      return { event: item.event, body: item.body, attempt: item.attempts, status: response.statusCode, timestamp };
    } catch {
      // No answer, or a certificate the sender does not trust: retried like a 5xx.
      return { event: item.event, body: item.body, attempt: item.attempts, status: 'no-answer', timestamp };
    } finally {
      await dispatcher?.close();
    }
  }
}
