/**
 * The webhook listener's log in an analyst's words: each delivery accepted or refused with why (the
 * receiver's outcome codes, as `webhooks serve` prints them), each change applied with its counts.
 */
import type { WebhookActivity } from '../../api/wire.ts';

export type Tone = 'ok' | 'fail' | 'plain';

/** Why BambooHR's delivery was refused; BambooHR does not send a refused (4xx) delivery again. */
const REFUSALS: Readonly<Record<string, string>> = {
  'missing-signature': 'it carries no signature',
  'bad-timestamp': 'its timestamp is missing or unreadable',
  'bad-signature': "its signature does not match the webhook's private key",
  stale: 'it is more than 5 minutes old',
  replayed: 'it was received before (a replay)',
  'bad-payload': 'its body is not a BambooHR employee event',
  'handler-failed': 'writing the change failed; BambooHR will send it again',
};

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeActivity(event: WebhookActivity): { readonly text: string; readonly tone: Tone } {
  switch (event.type) {
    case 'delivery': {
      const who =
        event.employees.length === 0
          ? ''
          : ` (${count(event.employees.length, 'employee')}: ${event.employees.join(', ')})`;
      if (event.outcome === 'accepted') return { text: `Delivery accepted${who}`, tone: 'ok' };
      return {
        text: `Delivery refused (${event.status}): ${REFUSALS[event.outcome] ?? event.outcome}${who}`,
        tone: 'fail',
      };
    }
    case 'applied': {
      const source = event.via === 'webhook' ? 'from a webhook' : 'found by checking BambooHR';
      const counts = `${event.read} read, ${event.written} written, ${event.held} held${event.alreadyApplied === 0 ? '' : `, ${event.alreadyApplied} already applied`}`;
      if (event.status === 'failed' || event.status === 'cancelled')
        return { text: `Changes ${source} were not written (${counts}; run ${event.runId})`, tone: 'fail' };
      return {
        text: `Changes applied ${source}: ${counts}${event.held > 0 ? ' (held rows wait on the Runs screen)' : ''}`,
        tone: 'ok',
      };
    }
    case 'nothing-new':
      return {
        text: `Checked BambooHR for changes: nothing new${event.alreadyApplied === 0 ? '' : ` (${event.alreadyApplied} already applied by webhook)`}`,
        tone: 'plain',
      };
    case 'poll-failed':
      return { text: `Checking BambooHR for changes failed: ${event.message}`, tone: 'fail' };
  }
}
