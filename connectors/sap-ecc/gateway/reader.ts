/**
 * Reads one stream from a customer's Gateway OData v2 entity set, in the pages a Source yields.
 * First `$metadata` (the set must exist; the stream's fields are matched to its properties), then the
 * set with `$format=json`, `$top`/`$skip` and, for an incremental read, `<date property> ge
 * datetime'<from>T00:00:00'` (whole days, inclusive: the runner de-duplicates by key). Gateway pages on
 * the server only where the service implements it: a `__next` link is then followed as given (it holds the
 * service's `$skiptoken`); otherwise pages are asked with `$skip` until one comes back short. A service
 * that answers `$skip` with its first page again (it implements neither) is refused, never read twice.
 */
import type { FieldTypeName } from '../../../engine/model/column-type.ts';
import type { CancelSignal, SourcePage } from '../../../engine/model/io.ts';
import type { PlainDate } from '../../../engine/model/values/index.ts';
import { MlcError } from '../../../engine/model/errors.ts';
import type { HttpClient } from '../../kit/http/client.ts';
import type { QueryValue } from '../../kit/http/types.ts';
import { jsonTreeText, parseJsonExact, type JsonTree } from '../../kit/json-exact.ts';
import { odataLiteral } from '../../kit/odata/literals.ts';
import { declareStream, recordsToPage } from '../../kit/rest/stream.ts';
import type { Json } from '../../kit/rest/values.ts';
import { describeGatewayConfig, servicePath, type GatewayEntityConfig } from './config.ts';
import { entitySetNames, matchFields, readEntitySetShape } from './metadata.ts';
import { gatewayConversion } from './values.ts';

/** A stream field as `kit/rest/stream.ts` declares it: name and type are what the Gateway read uses. */
export type GatewayField = readonly [name: string, type: FieldTypeName | 'list', ...rest: unknown[]];

export interface GatewayReadOptions {
  readonly fields: readonly GatewayField[];
  /** Read records whose date property is on or after this day. */
  readonly from?: PlainDate;
  readonly pageSize: number;
  /** Where zone-less Edm.DateTime values are read (the SAP system's zone). Default UTC. */
  readonly zone?: string;
  readonly signal?: CancelSignal;
}

const JSON_ACCEPT = 'application/json';

async function getText(http: HttpClient, path: string, query: Readonly<Record<string, QueryValue>>, accept: string) {
  const response = await http.send({ method: 'GET', path, query, headers: { accept } });
  const type = response.headers['content-type'] ?? '';
  // A next link without $format on a Gateway that ignores Accept would answer Atom: said, not misread.
  if (accept === JSON_ACCEPT && !/json/i.test(type))
    throw new MlcError(
      'SAP_GATEWAY_ANSWER_INVALID',
      `SAP Gateway answered ${type || 'without a content type'} instead of JSON for ${path.split('?')[0] ?? path}`,
    );
  return response.body.toString('utf8');
}

function resultsOf(body: JsonTree): { records: readonly Json[]; next: string | undefined } {
  const d = (body as { d?: JsonTree } | null)?.d;
  const results = Array.isArray(d) ? d : (d as { results?: JsonTree } | undefined)?.results;
  if (!Array.isArray(results))
    throw new MlcError('SAP_GATEWAY_ANSWER_INVALID', 'SAP Gateway answered without a list of entities (d.results)');
  const next = Array.isArray(d) ? undefined : (d as { __next?: JsonTree } | undefined)?.__next;
  return { records: results as Json[], next: typeof next === 'string' ? next : undefined };
}

/** The pages of the entity set as typed records; a value that does not read is a problem on its record. */
export async function* readGatewayPages(
  http: HttpClient,
  config: GatewayEntityConfig,
  options: GatewayReadOptions,
): AsyncGenerator<SourcePage> {
  const root = servicePath(config);
  const what = describeGatewayConfig(config);
  const edmx = await getText(http, `${root}/$metadata`, {}, 'application/xml');
  const shape = readEntitySetShape(edmx, config.entitySet);
  if (shape === undefined)
    throw new MlcError(
      'SAP_GATEWAY_SET_NOT_FOUND',
      `SAP Gateway service ${config.service} has no entity set ${config.entitySet}; it offers: ${entitySetNames(edmx).join(', ') || 'none'}`,
    );
  const names = options.fields.map(([name]) => name);
  const match = matchFields(names, shape, config.fieldMap);
  if (!match.ok)
    throw new MlcError(
      'SAP_GATEWAY_FIELDS_UNMATCHED',
      `${what}: ${shape.entityType} has no property for ${match.unmatched.join(', ')}; map each as FIELD=Property in the Gateway setting (properties: ${[...shape.properties.keys()].join(', ')})`,
    );
  const filter = dateFilter(config, options.from, shape.properties);
  const stream = declareStream(
    config.entitySet,
    config.entitySet,
    [],
    '',
    options.fields.map(([name, type]) => {
      const property = match.properties.get(name) ?? name;
      const convert = gatewayConversion(type, options.zone);
      return [name, type, (_raw, record) => convert(record[property], record)] as const;
    }),
  );
  const describe = (record: Json): string => {
    const uri = (record.__metadata as Json | undefined)?.uri;
    return typeof uri === 'string' ? `${config.service} ${uri.slice(uri.lastIndexOf('/') + 1)}` : what;
  };
  const base = { $format: 'json', ...(filter === undefined ? {} : { $filter: filter }), $top: options.pageSize };
  let firstRecord: string | undefined;
  const links = new Set<string>();
  for (let skip = 0; ;) {
    let read = 0;
    let link: string | undefined;
    let query: Record<string, QueryValue> = skip === 0 ? base : { ...base, $skip: skip };
    let path = `${root}/${config.entitySet}`;
    do {
      if (options.signal?.aborted) return;
      const page = resultsOf(parseJsonExact(await getText(http, path, query, JSON_ACCEPT)));
      const head = page.records[0] === undefined ? undefined : jsonTreeText(page.records[0]);
      if (skip > 0 && read === 0 && head !== undefined && head === firstRecord)
        throw new MlcError(
          'SAP_GATEWAY_PAGING_UNSUPPORTED',
          `${what}: the service answered $skip=${skip} with its first entities again, so it implements neither $skip nor server-side paging; its developer adds paging, or a page size above the set's size reads it in one answer`,
        );
      firstRecord ??= head;
      read += page.records.length;
      if (page.records.length > 0) yield recordsToPage(stream, page.records, describe);
      link = page.next;
      if (link !== undefined && links.has(link))
        throw new MlcError(
          'SAP_GATEWAY_PAGING_LOOP',
          `${what}: the service led paging back to a page already read (${link})`,
        );
      // The link is followed as given; only $format is added where it lacks one (Gateway may not repeat it).
      if (link !== undefined) [path, query] = [link, /[?&]\$format=/.test(link) ? {} : { $format: 'json' }];
      if (link !== undefined) links.add(link);
    } while (link !== undefined);
    // A chain of __next pages answers one $top; more may follow it. A short answer is the end.
    if (read < options.pageSize || read > options.pageSize) return;
    skip += read;
  }
}

function dateFilter(
  config: GatewayEntityConfig,
  from: PlainDate | undefined,
  properties: ReadonlyMap<string, string>,
): string | undefined {
  if (from === undefined) return undefined;
  const property = config.dateFilterProperty;
  if (property === undefined || !properties.has(property))
    throw new MlcError(
      'SAP_GATEWAY_NO_DATE_FILTER',
      `${describeGatewayConfig(config)}: an incremental read needs the Edm.DateTime property to filter on, as ;date=Property in the Gateway setting${property === undefined ? '' : ` (the set has no property ${property})`}`,
    );
  const day = from.toString();
  const type = properties.get(property);
  // The literal must be of the property's type: Gateway refuses a datetime'…' against a DateTimeOffset.
  if (type === 'Edm.DateTimeOffset')
    return `${property} ge ${odataLiteral({ type: 'datetimeoffset', value: `${day}T00:00:00Z` }, 'v2')}`;
  // A DATS a service exposes as text compares as SAP's YYYYMMDD.
  if (type === 'Edm.String')
    return `${property} ge ${odataLiteral({ type: 'string', value: day.replace(/-/g, '') }, 'v2')}`;
  return `${property} ge ${odataLiteral({ type: 'date', value: day }, 'v2')}`;
}
