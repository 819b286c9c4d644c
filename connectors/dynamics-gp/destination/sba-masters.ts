/**
 * Vendors through SBA's `Purchasing/Vendors`, which Microsoft lists among GP's SBA services
 * (web-services §1.2): read by key with `$filter`, created by POST with the Payload, changed by PATCH
 * on `Purchasing/Vendors(<key>)`. GP's 400/409 for one record holds that row with GP's words.
 */
import type { Value } from '../../../engine/model/values/index.ts';
import { isKitError } from '../../kit/errors.ts';
import { JsonNumber, type JsonTree } from '../../kit/json-exact.ts';
import type { GpClient, GpRecord } from '../client.ts';
import { wireValue, type GpProperties, type GpValue, type MasterRecords } from './master-writer.ts';
import type { GpTable } from './tables.ts';

const CHUNK = 20;
const PAGE = 500;

export function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Every record matching `filter`, page by page. */
async function listAll(client: GpClient, resource: string, filter: string): Promise<GpRecord[]> {
  const all: GpRecord[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await client.list(resource, { $top: PAGE, $skip: skip, $filter: filter });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

/** Records whose `field` is one of `values`, asked for in chunks so no URL grows too long. */
async function listWhereIn(
  client: GpClient,
  resource: string,
  field: string,
  values: readonly string[],
): Promise<GpRecord[]> {
  const found: GpRecord[] = [];
  for (let at = 0; at < values.length; at += CHUNK) {
    const filter = values
      .slice(at, at + CHUNK)
      .map((value) => `${field} eq ${quoted(value)}`)
      .join(' or ');
    found.push(...(await listAll(client, resource, filter)));
  }
  return found;
}

function gpValue(value: JsonTree | undefined): GpValue {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return value instanceof JsonNumber ? value.text : JSON.stringify(value);
}

function payload(properties: Readonly<Record<string, Value>>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, wireValue(value)])),
  );
}

export function sbaMasterRecords(client: GpClient, table: GpTable): MasterRecords {
  const keyProperty = table.columns[table.keyColumn]!.property;
  return {
    async read(keys) {
      const records = await listWhereIn(client, table.resource, keyProperty, keys);
      return new Map(
        records.map((record): [string, GpProperties] => [
          String(record[keyProperty]),
          Object.fromEntries(Object.entries(record).map(([name, value]) => [name, gpValue(value)])),
        ]),
      );
    },
    async create(_key, properties) {
      await client.write('POST', table.resource, undefined, payload(properties));
    },
    async update(key, properties) {
      await client.write('PATCH', table.resource, key, payload(properties));
    },
    refusal(error) {
      if (!isKitError(error) || (error.status !== 400 && error.status !== 409)) return undefined;
      return error.vendorMessage ?? error.message;
    },
  };
}
