/**
 * A Dynamics 365 Sales connection: the environment (its Web API at `<environmentUrl>/api/data/v9.2/`),
 * the Entra tenant whose token endpoint signs the app in, and the tuning that keeps a run inside
 * Dataverse's limits (README "Facts"): requests per `$batch` (Microsoft advises starting at 10; at most
 * 1,000), requests in flight (below 52), and the request budget per sliding window (6,000 / 300 s).
 */
import type { ResolveSecret } from '../kit/auth/secrets.ts';
import type { RetryOptions, Sleep } from '../kit/http/retry.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import type { Scrub } from '../kit/http/types.ts';
import { MAX_BATCH_REQUESTS } from './batch/batch.ts';
import { DATAVERSE_CONCURRENCY_LIMIT } from './pacing.ts';

export const DEFAULTS = { batchSize: 10, maxConcurrency: 4, requests: 6000, windowSeconds: 300 } as const;

export interface DynamicsConnectionConfig {
  /** `https://<org>.crm.dynamics.com` (no path). */
  readonly environmentUrl: string;
  /** Entra tenant id or domain. */
  readonly tenant: string;
  readonly clientId: string;
  /** Name of the stored client secret. */
  readonly clientSecretSecret: string;
  /** Entra authority host (default `https://login.microsoftonline.com`; national clouds have their own). */
  readonly authorityUrl?: string;
  /** Token endpoint override (default `<authorityUrl>/<tenant>/oauth2/v2.0/token`). */
  readonly tokenUrl?: string;
  readonly caCert?: string;
  /** Requests in one `$batch` (a change set of an order counts each of its requests). */
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly requestBudget: { readonly requests: number; readonly windowSeconds: number };
  readonly resolveSecret: ResolveSecret;
  readonly scrub?: Scrub;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  /** Clock for tokens and the request budget; `sleep` for the budget's waits (tests inject both). */
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

export const ENTRA_AUTHORITY = 'https://login.microsoftonline.com';

export function tokenUrlOf(config: Pick<DynamicsConnectionConfig, 'tenant' | 'tokenUrl' | 'authorityUrl'>): string {
  const authority = (config.authorityUrl ?? ENTRA_AUTHORITY).replace(/\/+$/, '');
  return config.tokenUrl ?? `${authority}/${encodeURIComponent(config.tenant)}/oauth2/v2.0/token`;
}

/** Reads a tuning part; undefined when the text is not a whole number in range. */
export function wholeNumberIn(
  text: string | undefined,
  low: number,
  high: number,
  fallback: number,
): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= low && value <= high ? value : undefined;
}

export const TUNING_BOUNDS = {
  batchSize: [1, MAX_BATCH_REQUESTS],
  maxConcurrency: [1, DATAVERSE_CONCURRENCY_LIMIT - 1],
} as const;

/** `6000/300`: requests per window seconds. */
export function readRequestBudget(text: string | undefined): DynamicsConnectionConfig['requestBudget'] | undefined {
  if (text === undefined) return { requests: DEFAULTS.requests, windowSeconds: DEFAULTS.windowSeconds };
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*s?\s*$/.exec(text);
  if (match === null) return undefined;
  const requests = Number(match[1]);
  const windowSeconds = Number(match[2]);
  return requests >= 1 && windowSeconds >= 1 ? { requests, windowSeconds } : undefined;
}
