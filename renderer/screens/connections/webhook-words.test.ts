/** The webhook log's words: refusals say why, applied changes their counts, and every outcome code has words. */
import { describe, expect, it } from 'vitest';
import { describeActivity } from './webhook-words.ts';

describe('webhook log words', () => {
  it('says why a delivery was refused, for every outcome the receiver gives', () => {
    expect(describeActivity({ type: 'delivery', status: 401, outcome: 'bad-signature', employees: [] })).toEqual({
      text: "Delivery refused (401): its signature does not match the webhook's private key",
      tone: 'fail',
    });
    for (const outcome of [
      'missing-signature',
      'bad-timestamp',
      'bad-signature',
      'stale',
      'replayed',
      'bad-payload',
      'handler-failed',
    ]) {
      expect(describeActivity({ type: 'delivery', status: 401, outcome, employees: [] }).text).not.toContain(outcome);
    }
    expect(describeActivity({ type: 'delivery', status: 200, outcome: 'accepted', employees: ['7'] })).toEqual({
      text: 'Delivery accepted (1 employee: 7)',
      tone: 'ok',
    });
  });

  it('gives the counts of what was applied, and says when it was not written', () => {
    expect(
      describeActivity({
        type: 'applied',
        via: 'webhook',
        runId: 'r1',
        status: 'ok',
        read: 2,
        written: 2,
        held: 0,
        alreadyApplied: 1,
      }).text,
    ).toBe('Changes applied from a webhook: 2 read, 2 written, 0 held, 1 already applied');
    expect(
      describeActivity({
        type: 'applied',
        via: 'poll',
        runId: 'r2',
        status: 'failed',
        read: 1,
        written: 0,
        held: 0,
        alreadyApplied: 0,
      }),
    ).toEqual({
      text: 'Changes found by checking BambooHR were not written (1 read, 0 written, 0 held; run r2)',
      tone: 'fail',
    });
    expect(describeActivity({ type: 'nothing-new', via: 'poll', alreadyApplied: 0 }).text).toBe(
      'Checked BambooHR for changes: nothing new',
    );
  });
});
