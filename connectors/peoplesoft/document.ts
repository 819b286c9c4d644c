/**
 * A read surface where a customer has one: a custom document-based REST operation of their own under the REST
 * listening connector and node (README "Custom document-based REST operations"). Its URL template is a
 * setting, relative to `/PSIGW/RESTListeningConnector/<node>`, with the window's days `{FROM_DT}` and
 * `{TO_DT}` and, for paging, `{AFTER_KEY}` (the last page key met; empty on the first page). The JSON answer's
 * root is named after the document (peoplesoft.md §3: `{"srm_cls_assn_del_dc":{…}}`); its rows are the root's
 * array, or the one array inside it, or the root object itself; field names are matched to the stream's
 * columns ignoring case and underscores, since the document defines their case. These shapes are
 * unconfirmed beyond that one capture, so they are read this loosely.
 */
import { KitError } from '../kit/errors.ts';
import type { HttpClient } from '../kit/http/client.ts';
import { JsonNumber, type JsonTree, parseJsonExact } from '../kit/json-exact.ts';
import type { Json } from '../kit/rest/values.ts';

export interface DocumentOperation {
  /** e.g. `MLC_VENDORS_DOC.v1/vendors?from={FROM_DT}&to={TO_DT}&after={AFTER_KEY}`. */
  readonly template: string;
  /** The document's name: the answer's root member. */
  readonly root: string;
}

export const DOCUMENT_PLACEHOLDERS = ['FROM_DT', 'TO_DT', 'AFTER_KEY'] as const;

/** Why a template cannot be used, or undefined: only the known placeholders, both days required. */
export function documentTemplateProblem(template: string): string | undefined {
  const names = [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? '');
  const unknown = names.filter((name) => !(DOCUMENT_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0)
    return `names ${unknown.map((name) => `{${name}}`).join(', ')}; only {FROM_DT}, {TO_DT} and {AFTER_KEY} are filled`;
  if (!names.includes('FROM_DT') || !names.includes('TO_DT')) return 'needs {FROM_DT} and {TO_DT} (the window)';
  if (/^\/|^https?:/i.test(template)) return 'is relative to the node (no leading slash, no host)';
  return undefined;
}

export const pagesByKey = (operation: DocumentOperation): boolean => operation.template.includes('{AFTER_KEY}');

function rowsOf(root: JsonTree): readonly JsonTree[] | undefined {
  if (Array.isArray(root)) return root as JsonTree[];
  if (root === null || typeof root !== 'object' || root instanceof JsonNumber) return undefined;
  const arrays = Object.values(root as Record<string, JsonTree>).filter((value) => Array.isArray(value));
  if (arrays.length === 1) return arrays[0] as JsonTree[];
  return arrays.length === 0 ? [root] : undefined;
}

/** One page of the operation: its rows as objects keyed by the stream's columns. */
export async function readDocumentPage(
  http: HttpClient,
  nodePath: string,
  operation: DocumentOperation,
  columns: readonly string[],
  values: Readonly<Record<(typeof DOCUMENT_PLACEHOLDERS)[number], string>>,
  signal?: AbortSignal,
): Promise<Json[]> {
  const path = operation.template.replace(/\{([A-Z_]+)\}/g, (_, name: keyof typeof values) =>
    encodeURIComponent(values[name] ?? ''),
  );
  const [pathPart, queryPart = ''] = path.split('?');
  const response = await http.send({
    method: 'GET',
    path: `${nodePath}/${pathPart}`,
    query: Object.fromEntries(new URLSearchParams(queryPart)),
    headers: { accept: 'application/json' },
    ...(signal === undefined ? {} : { signal }),
  });
  const invalid = (why: string) =>
    new KitError('RESPONSE_INVALID', `PeopleSoft's document operation ${pathPart} answered ${why}`);
  let body: JsonTree;
  try {
    body = parseJsonExact(response.body.toString('utf8'));
  } catch (error) {
    throw new KitError(
      'RESPONSE_INVALID',
      `PeopleSoft's document operation ${pathPart} answered text that is not JSON`,
      {
        cause: error,
      },
    );
  }
  const members =
    body !== null && typeof body === 'object' && !Array.isArray(body) && !(body instanceof JsonNumber)
      ? (body as Record<string, JsonTree>)
      : {};
  if (!(operation.root in members))
    throw invalid(`without the document root ${operation.root} (it has ${Object.keys(members).join(', ') || 'none'})`);
  const rows = rowsOf(members[operation.root] ?? null);
  if (rows === undefined) throw invalid(`a ${operation.root} that holds no single list of rows`);
  const squash = (name: string) => name.toLowerCase().replace(/_/g, '');
  const byName = new Map(columns.map((column) => [squash(column), column]));
  return rows.map((row) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row) || row instanceof JsonNumber)
      throw invalid(`a row of ${operation.root} that is not an object`);
    const out: Record<string, JsonTree> = {};
    for (const [name, value] of Object.entries(row as Record<string, JsonTree>)) {
      const column = byName.get(squash(name));
      if (column !== undefined) out[column] = value;
    }
    return out as Json;
  });
}
