/**
 * The `--faults` spec of a simulator, e.g. `429:0.05,503:0.05,reset:0.02,slow:0.01@2000ms,expire:0.01`:
 * each kind with the share of requests that get it. One draw per request from a seeded generator picks
 * at most one fault, so a seed replays the same faults in the same order.
 */
import { KitError } from '../errors.ts';
import { seededRandom } from './seeded.ts';

export const FAULT_KINDS = ['429', '500', '503', 'reset', 'slow', 'expire'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  readonly kind: FaultKind;
  readonly rate: number;
  /** For `slow`: how long the response is held. */
  readonly delayMs?: number;
}

export type FaultDecision = { readonly kind: 'none' } | FaultRule;

const DEFAULT_SLOW_MS = 2000;

function invalid(message: string): KitError {
  return new KitError('FAULT_SPEC_INVALID', `faults spec: ${message}`, {
    help: `Write kind:rate pairs separated by commas, kinds ${FAULT_KINDS.join(', ')}; rates from 0 to 1; slow takes @<ms>ms, e.g. 429:0.05,slow:0.01@2000ms.`,
  });
}

export function parseFaultSpec(spec: string): readonly FaultRule[] {
  const rules: FaultRule[] = [];
  const text = spec.trim();
  if (text === '' || text === 'none') return rules;
  for (const part of text.split(',')) {
    const match = /^\s*([a-z0-9]+)\s*:\s*([0-9]*\.?[0-9]+)\s*(?:@\s*(\d+)\s*ms)?\s*$/i.exec(part);
    if (match === null) throw invalid(`"${part.trim()}" is not kind:rate (e.g. 503:0.05)`);
    const [, rawKind = '', rawRate = '', rawDelay] = match;
    const kind = rawKind.toLowerCase() as FaultKind;
    if (!FAULT_KINDS.includes(kind)) throw invalid(`unknown fault "${rawKind}" (known: ${FAULT_KINDS.join(', ')})`);
    const rate = Number(rawRate);
    if (!(rate >= 0 && rate <= 1)) throw invalid(`rate of ${kind} must be between 0 and 1, got ${rawRate}`);
    if (rawDelay !== undefined && kind !== 'slow') throw invalid(`only slow takes a delay (@…ms), not ${kind}`);
    if (rules.some((rule) => rule.kind === kind)) throw invalid(`${kind} is given twice`);
    rules.push(
      kind === 'slow'
        ? { kind, rate, delayMs: rawDelay === undefined ? DEFAULT_SLOW_MS : Number(rawDelay) }
        : { kind, rate },
    );
  }
  const total = rules.reduce((sum, rule) => sum + rule.rate, 0);
  if (total > 1 + 1e-9) throw invalid(`rates add up to ${total.toFixed(3)}, more than 1`);
  return rules;
}

/** Draws a decision per request; deterministic for a seed and a request order. */
export function faultPlan(rules: readonly FaultRule[], seed: number): () => FaultDecision {
  const random = seededRandom(seed ^ 0x5eed);
  return () => {
    if (rules.length === 0) return { kind: 'none' };
    let draw = random.next();
    for (const rule of rules) {
      if (draw < rule.rate) return rule;
      draw -= rule.rate;
    }
    return { kind: 'none' };
  };
}
