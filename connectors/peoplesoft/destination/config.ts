/**
 * What the PeopleSoft destination needs from the connection and the pipeline: where the site's REST
 * listening connector is (with its node), how to sign in (the kit's Basic or bearer auth part, or a client
 * the module already built), and per target table the URL templates of the CIRT operations the site's
 * administrator generated (peoplesoft.md §0: site-generated, never constructed here) with the attributes
 * this destination may change.
 */
import type { AuthPart, HttpClient } from '../../kit/http/client.ts';
import type { RetryOptions } from '../../kit/http/retry.ts';
import type { TimeoutOptions } from '../../kit/http/transport.ts';
import type { Scrub } from '../../kit/http/types.ts';

export type PeopleSoftTargetName = 'vendors' | 'customers';

/** One table's CIRT operations and what may be written. */
export interface CirtTargetConfig {
  /**
   * The get operation's URL template, relative to `restBase` (or absolute), with `{FIELD}` placeholders
   * for the key fields, e.g. `VNDR_ID_G.v1/{SETID}/{VENDOR_ID}`.
   */
  readonly getTemplate: string;
  /** The update operation's URL template (PUT), e.g. `VNDR_ID_U.v1/{SETID}/{VENDOR_ID}`. */
  readonly updateTemplate: string;
  /**
   * Optional find operation: asked only when a get fails with no detail (Production hides it), to tell a
   * record PeopleSoft does not have (empty key collection) from a fault.
   */
  readonly findTemplate?: string;
  /** The CI properties this destination may change (never the keys), e.g. VENDOR_CLASS, VENDOR_STATUS. */
  readonly attributes: readonly string[];
}

export interface PeopleSoftDestinationConfig {
  /** `http(s)://<host>:<port>/PSIGW/RESTListeningConnector/<NODE>` (the site's default local node). */
  readonly restBase: string;
  /** The kit's Basic (OPRID and password) or bearer auth part; left out when `http` is given. */
  readonly auth?: AuthPart;
  /**
   * A client the module built (auth, proxy, CA, retry): used as is and not closed here. It should carry
   * `recognizeCirtRefusals` (refusal.ts) among its interceptors, so a permission refusal is not retried.
   */
  readonly http?: HttpClient;
  readonly targets: Partial<Readonly<Record<PeopleSoftTargetName, CirtTargetConfig>>>;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  readonly caCert?: string;
  readonly scrub?: Scrub;
}

/** The key fields of each table, in template order: SETID first (PS_VENDOR keys confirmed; CUST_ID unconfirmed). */
export const TARGET_KEYS: Readonly<Record<PeopleSoftTargetName, readonly string[]>> = {
  vendors: ['SETID', 'VENDOR_ID'],
  customers: ['SETID', 'CUST_ID'],
};

/** How the rows are named in messages. */
export const TARGET_WHAT: Readonly<Record<PeopleSoftTargetName, string>> = { vendors: 'vendor', customers: 'customer' };

/**
 * The template with each `{FIELD}` replaced by the row's value, URL-encoded as one path segment. A
 * placeholder the row has no value for is a configuration error, said before any request.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, field: string) => {
    const value = values[field];
    if (value === undefined) throw new Error(`the URL template ${template} names {${field}}, which is not a key`);
    return encodeURIComponent(value);
  });
}

/** The placeholders a template names. */
export function templateFields(template: string): readonly string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!);
}
