/** The webhook listener's live log, newest first: deliveries accepted or refused with why, changes applied with their counts. */
import type { WebhookLogEntry } from '../../api/wire.ts';
import { describeActivity } from './webhook-words.ts';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function WebhookLog({ log }: { readonly log: readonly WebhookLogEntry[] }) {
  if (log.length === 0) return <p className="muted">Nothing has arrived yet.</p>;
  return (
    <ol className="conn-hook-log" aria-label="Webhook activity">
      {[...log].reverse().map((entry) => {
        const { text, tone } = describeActivity(entry.event);
        return (
          <li key={entry.seq} className={tone === 'plain' ? undefined : `conn-${tone}`}>
            <time dateTime={entry.at}>{TIME.format(new Date(entry.at))}</time> {text}
          </li>
        );
      })}
    </ol>
  );
}
