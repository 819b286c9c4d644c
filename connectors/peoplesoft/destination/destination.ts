/**
 * PeopleSoft as a destination for vendor and customer reference data, through the Component Interface
 * REST (CIRT) operations the site's administrator generated (peoplesoft.md §0: their URL templates come
 * from configuration). Targets `vendors` (key SETID + VENDOR_ID) and `customers` (SETID + CUST_ID), merge
 * mode only: the rows change records PeopleSoft already has (reference data; creating a vendor is a
 * procurement process with its own approvals), so a record PeopleSoft lacks is held, never created.
 *
 * Per row: one get, the configured attributes compared as typed values, and one update carrying only the
 * attributes that differ (none: `unchanged`, no call). PeopleSoft has no transaction across CI calls, so
 * a batch is row by row; it is idempotent per batch id because a re-sent row reads back equal. The CI's
 * refusals hold the row with PeopleSoft's words while the rest of the batch lands; a permission refusal
 * or a sign-in failure stops the batch (every row would fail alike) in plain words, never retried.
 *
 * Loop guard (README "Destination"): by comparing values. A write sets PeopleSoft's attributes to what
 * the warehouse holds, so the forward sync reads the same values back and the warehouse's merge counts
 * the record unchanged; nothing is written again in either direction.
 */
import type {
  DataRow,
  Destination,
  RejectedRow,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
} from '../../../engine/model/io.ts';
import { KitError, isKitError } from '../../kit/errors.ts';
import { createHttpClient, type HttpClient } from '../../kit/http/client.ts';
import { type CiBuffer, CirtClient } from './cirt-client.ts';
import {
  type CirtTargetConfig,
  fillTemplate,
  type PeopleSoftDestinationConfig,
  type PeopleSoftTargetName,
  TARGET_KEYS,
  TARGET_WHAT,
  templateFields,
} from './config.ts';
import { recognizeCirtRefusals } from './refusal.ts';
import { jsonText, sameValue } from './values.ts';

interface Resolved {
  readonly name: PeopleSoftTargetName;
  readonly keys: readonly string[];
  readonly config: CirtTargetConfig;
  /** The target's columns this destination writes (the configured attributes the pipeline maps). */
  readonly attributes: readonly string[];
}

type RowOutcome =
  | { readonly outcome: 'updated' | 'unchanged' }
  | { readonly outcome: 'held'; readonly code: string; readonly message: string };

function invalid(message: string): KitError {
  return new KitError('CONFIG_INVALID', message);
}

export class PeopleSoftDestination implements Destination {
  private readonly http: HttpClient;
  private readonly ownsHttp: boolean;
  private readonly cirt: CirtClient;

  constructor(private readonly config: PeopleSoftDestinationConfig) {
    this.ownsHttp = config.http === undefined;
    this.http =
      config.http ??
      createHttpClient({
        baseUrl: config.restBase.endsWith('/') ? config.restBase : `${config.restBase}/`,
        ...(config.auth === undefined ? {} : { auth: config.auth }),
        interceptors: [recognizeCirtRefusals],
        ...(config.retry === undefined ? {} : { retry: config.retry }),
        ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
        ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
        ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      });
    this.cirt = new CirtClient(this.http);
  }

  private resolve(target: TargetTable): Resolved {
    const name = target.table as PeopleSoftTargetName;
    const keys = TARGET_KEYS[name];
    if (keys === undefined)
      throw invalid(`PeopleSoft takes reference data into vendors or customers, not ${target.table}`);
    const config = this.config.targets[name];
    if (config === undefined)
      throw invalid(
        `PeopleSoft target ${name}: no CIRT operations are configured for it (get and update URL templates)`,
      );
    if (target.writeMode !== 'merge')
      throw invalid(
        `PeopleSoft target ${name}: writeMode must be merge (it updates existing records), not ${target.writeMode}`,
      );
    if (target.mergeKey.join(',') !== keys.join(','))
      throw invalid(
        `PeopleSoft target ${name}: the merge key is ${keys.join(' + ')}, not ${target.mergeKey.join(' + ')}`,
      );
    for (const template of [
      config.getTemplate,
      config.updateTemplate,
      ...(config.findTemplate === undefined ? [] : [config.findTemplate]),
    ])
      for (const field of templateFields(template))
        if (!keys.includes(field))
          throw invalid(
            `PeopleSoft target ${name}: the URL template ${template} names {${field}}, not a key (${keys.join(', ')})`,
          );
    const columns = target.columns.map((column) => column.name);
    for (const key of keys)
      if (!columns.includes(key)) throw invalid(`PeopleSoft target ${name} needs its key column ${key}`);
    const unknown = columns.filter((column) => !keys.includes(column) && !config.attributes.includes(column));
    if (unknown.length > 0)
      throw invalid(`PeopleSoft target ${name} can change ${config.attributes.join(', ')}, not ${unknown.join(', ')}`);
    return { name, keys, config, attributes: columns.filter((column) => !keys.includes(column)) };
  }

  /** The record as PeopleSoft holds it, or undefined when it has none for the keys. */
  private async read(target: Resolved, keyValues: Record<string, string>): Promise<CiBuffer | undefined> {
    try {
      return await this.cirt.get(fillTemplate(target.config.getTemplate, keyValues), target.keys);
    } catch (error) {
      if (isKitError(error) && error.status === 403) throw permissionRefused(error);
      // Production status hides why a get failed; the find operation tells a missing record from a fault.
      const find = target.config.findTemplate;
      if (isKitError(error) && error.status === 500 && error.vendorMessage === undefined && find !== undefined)
        if ((await this.cirt.count(fillTemplate(find, keyValues))) === 0) return undefined;
      throw error;
    }
  }

  private async writeRow(target: Resolved, row: DataRow, apply: boolean): Promise<RowOutcome> {
    const keyValues = Object.fromEntries(target.keys.map((key) => [key, String(row[key] ?? '').trim()]));
    const name = `${TARGET_WHAT[target.name]} ${target.keys.map((key) => keyValues[key]).join('/')}`;
    if (target.keys.some((key) => keyValues[key] === ''))
      return {
        outcome: 'held',
        code: 'PEOPLESOFT_KEY_MISSING',
        message: `The ${name} row has no ${target.keys.join(' and ')}`,
      };
    const held = await this.read(target, keyValues);
    if (held === undefined)
      return {
        outcome: 'held',
        code: 'PEOPLESOFT_NO_RECORD',
        message: `PeopleSoft has no ${name}; this destination updates existing reference data and creates none`,
      };
    const changed = target.attributes.filter((attribute) => !sameValue(row[attribute] ?? null, held[attribute]));
    if (changed.length === 0) return { outcome: 'unchanged' };
    if (!apply) return { outcome: 'updated' };
    const body = `{${[...target.keys, ...changed].map((field) => `${JSON.stringify(field)}:${field in keyValues ? JSON.stringify(keyValues[field]) : jsonText(row[field] ?? null)}`).join(',')}}`;
    try {
      const answer = await this.cirt.update(fillTemplate(target.config.updateTemplate, keyValues), body);
      if (answer.saved) return { outcome: 'updated' };
      return {
        outcome: 'held',
        code: 'PEOPLESOFT_REFUSED',
        message: `PeopleSoft refused the update of ${name}: ${answer.errors.join('; ')}`,
      };
    } catch (error) {
      if (isKitError(error) && error.status === 403) throw permissionRefused(error);
      throw error;
    }
  }

  // async: a refusal comes back as a rejected promise, as from any destination
  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    this.resolve(target);
    return [];
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult> {
    const resolved = this.resolve(target);
    let updated = 0;
    let unchanged = 0;
    const rejected: RejectedRow[] = [];
    for (const [index, row] of batch.rows.entries()) {
      const result = await this.writeRow(resolved, row, true);
      if (result.outcome === 'updated') updated += 1;
      else if (result.outcome === 'unchanged') unchanged += 1;
      else if (result.outcome === 'held') rejected.push({ index, code: result.code, message: result.message });
    }
    return { inserted: 0, updated, unchanged, alreadyCommitted: 0, ...(rejected.length === 0 ? {} : { rejected }) };
  }

  /** What a run would do: every row read and compared, nothing written; a row that would be held counts as an update. */
  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const resolved = this.resolve(target);
    let updates = 0;
    let unchanged = 0;
    for (const row of rows) {
      if ((await this.writeRow(resolved, row, false)).outcome === 'unchanged') unchanged += 1;
      else updates += 1;
    }
    return { inserts: 0, updates, unchanged };
  }

  async close(): Promise<void> {
    if (this.ownsHttp) await this.http.close();
  }
}

function permissionRefused(error: KitError): KitError {
  return new KitError(
    'HTTP_403',
    `PeopleSoft refused this connection's user the CIRT operation: ${error.vendorMessage ?? 'no detail given'}`,
    {
      status: 403,
      cause: error,
      ...(error.vendorMessage === undefined ? {} : { vendorMessage: error.vendorMessage }),
      help: "A PeopleSoft security administrator adds the Component Interface's permission list (the one its CIRT service operations inherit) to a role of this user.",
    },
  );
}

/** Opens the destination; the lead's module passes its connection's address, auth and target settings. */
export function openPeopleSoftDestination(config: PeopleSoftDestinationConfig): Promise<Destination> {
  return Promise.resolve(new PeopleSoftDestination(config));
}
