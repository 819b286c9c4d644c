import { afterEach, describe, expect, it } from 'vitest';
import { Timestamp } from '../../../engine/model/values/index.ts';
import { createHttpClient } from '../http/client.ts';
import { type LoopbackServer, sendJson, startLoopback } from '../testing/loopback.ts';
import {
  cursorParamPaginator,
  nextLinkPaginator,
  odataV2NextLink,
  odataV4NextLink,
  offsetPaginator,
  pageNumberPaginator,
  readPages,
  selectRecords,
  type Paginator,
} from './paginators.ts';
import { dateWindows, odataCursorFilter, queryCursorParams } from './windows.ts';

const ALL = Array.from({ length: 7 }, (_, id) => ({ id }));
let server: LoopbackServer | undefined;
afterEach(async () => server?.close());

async function idsRead(paginator: Paginator, records: (body: unknown) => readonly unknown[]): Promise<number[]> {
  const client = createHttpClient({ baseUrl: server!.url });
  const ids: number[] = [];
  try {
    for await (const page of readPages(client, '/rows', paginator, records))
      ids.push(...page.map((row) => (row as { id: number }).id));
  } finally {
    await client.close();
  }
  return ids;
}

describe('paginators over a real server', () => {
  it('offset/limit and page number read every record once and stop on a short page', async () => {
    server = await startLoopback((request, response) => {
      const url = new URL(request.url, 'http://x');
      const size = Number(url.searchParams.get('limit') ?? url.searchParams.get('pageSize'));
      const start = url.searchParams.has('offset')
        ? Number(url.searchParams.get('offset'))
        : (Number(url.searchParams.get('page')) - 1) * size;
      sendJson(response, 200, { items: ALL.slice(start, start + size) });
    });
    expect(await idsRead(offsetPaginator({ pageSize: 3 }), selectRecords(['items']))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await idsRead(pageNumberPaginator({ pageSize: 3 }), selectRecords(['items']))).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(server.seen.map((seen) => new URL(seen.url, 'http://x').search)).toContain('?page=3&pageSize=3');
  });

  it('a cursor parameter, and OData v2 __next ($skiptoken) and v4 @odata.nextLink links', async () => {
    server = await startLoopback((request, response) => {
      const url = new URL(request.url, 'http://x');
      const at = Number(url.searchParams.get('cursor') ?? url.searchParams.get('$skiptoken') ?? 0);
      const rows = ALL.slice(at, at + 3);
      const more = at + 3 < ALL.length;
      if (url.pathname === '/rows' && url.searchParams.has('v2')) {
        return sendJson(response, 200, {
          d: { results: rows, ...(more ? { __next: `${server!.url}/rows?v2=1&$skiptoken=${at + 3}` } : {}) },
        });
      }
      if (url.searchParams.has('v4'))
        return sendJson(response, 200, {
          value: rows,
          ...(more ? { '@odata.nextLink': `${server!.url}/rows?v4=1&$skiptoken=${at + 3}` } : {}),
        });
      sendJson(response, 200, { rows, next_cursor: more ? String(at + 3) : null });
    });
    const nextCursor = (body: unknown): string | undefined =>
      (body as { next_cursor: string | null }).next_cursor ?? undefined;
    expect(await idsRead(cursorParamPaginator({ param: 'cursor', nextCursor }), selectRecords(['rows']))).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(await idsRead(nextLinkPaginator(odataV2NextLink, { v2: 1 }), selectRecords(['d', 'results']))).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(await idsRead(nextLinkPaginator(odataV4NextLink, { v4: 1 }), selectRecords(['value']))).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
  });

  it('refuses a server that leads back to a page already read', async () => {
    server = await startLoopback((_request, response) =>
      sendJson(response, 200, { value: [{ id: 1 }], '@odata.nextLink': `${server!.url}/rows?again=1` }),
    );
    await expect(idsRead(nextLinkPaginator(odataV4NextLink), selectRecords(['value']))).rejects.toMatchObject({
      code: 'RESPONSE_INVALID',
    });
  });
});

describe('incremental filters from the cursor window', () => {
  const window = { from: Timestamp.parse('2024-03-01T10:00:00Z'), end: Timestamp.parse('2024-03-02T00:00:00Z') };

  it('writes OData bounds per version and property type, zone-less ones in the connection zone', () => {
    expect(odataCursorFilter('Modified', window, 'v4', 'datetimeoffset')).toBe(
      'Modified ge 2024-03-01T10:00:00Z and Modified lt 2024-03-02T00:00:00Z',
    );
    expect(odataCursorFilter('Modified', { from: window.from, end: undefined }, 'v2', 'datetime', 'Europe/Paris')).toBe(
      "Modified ge datetime'2024-03-01T11:00:00'",
    );
    expect(odataCursorFilter('Modified', { from: undefined, end: undefined }, 'v2', 'datetime')).toBeUndefined();
  });

  it('writes query bounds, starting earlier where the API needs it to keep the start closed', () => {
    expect(queryCursorParams(window, { startParam: 'since', endParam: 'until', startEarlierMs: 1000 })).toEqual({
      since: '2024-03-01T09:59:59Z',
      until: '2024-03-02T00:00:00Z',
    });
  });

  it('slices a range into bounded windows that cover it exactly', () => {
    const slices = dateWindows(
      Timestamp.parse('2024-03-01T00:00:00Z'),
      Timestamp.parse('2024-03-03T12:00:00Z'),
      24 * 3600_000,
    );
    expect(slices.map((slice) => `${slice.from?.toString()}..${slice.end?.toString()}`)).toEqual([
      '2024-03-01T00:00:00Z..2024-03-02T00:00:00Z',
      '2024-03-02T00:00:00Z..2024-03-03T00:00:00Z',
      '2024-03-03T00:00:00Z..2024-03-03T12:00:00Z',
    ]);
  });
});
