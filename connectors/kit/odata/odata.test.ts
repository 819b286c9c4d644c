import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http/client.ts';
import { type LoopbackServer, sendJson, startLoopback } from '../testing/loopback.ts';
import { odataLiteral } from './literals.ts';
import { odataPages } from './paging.ts';

let server: LoopbackServer | undefined;
afterEach(async () => server?.close());

describe('odataLiteral', () => {
  it('writes each type per version', () => {
    expect(odataLiteral({ type: 'string', value: "O'Brien" }, 'v2')).toBe("'O''Brien'");
    expect(odataLiteral({ type: 'decimal', value: '12.50' }, 'v2')).toBe('12.50M');
    expect(odataLiteral({ type: 'decimal', value: '12.50' }, 'v4')).toBe('12.50');
    expect(odataLiteral({ type: 'datetime', value: '2024-03-01T00:00:00' }, 'v2')).toBe(
      "datetime'2024-03-01T00:00:00'",
    );
    expect(odataLiteral({ type: 'datetime', value: '2024-03-01T00:00:00' }, 'v4')).toBe('2024-03-01T00:00:00Z');
    expect(odataLiteral({ type: 'datetimeoffset', value: '2024-03-01T00:00:00+01:00' }, 'v2')).toBe(
      "datetimeoffset'2024-03-01T00:00:00+01:00'",
    );
    expect(odataLiteral({ type: 'guid', value: '6f9619ff-8b86-d011-b42d-00c04fc964ff' }, 'v2')).toBe(
      "guid'6f9619ff-8b86-d011-b42d-00c04fc964ff'",
    );
    expect(odataLiteral({ type: 'date', value: '2024-03-01' }, 'v4')).toBe('2024-03-01');
  });

  it('refuses a value that would break out of the literal', () => {
    expect(() => odataLiteral({ type: 'decimal', value: '1 or 1 eq 1' }, 'v4')).toThrow(/decimal/);
    expect(() => odataLiteral({ type: 'datetime', value: "2024-01-01' or '" }, 'v2')).toThrow(/datetime/);
  });
});

describe('odataPages', () => {
  it('follows v2 __next and v4 @odata.nextLink links to the end', async () => {
    server = await startLoopback((request, response) => {
      const url = new URL(request.url, 'http://x');
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const rows = Array.from({ length: 3 }, (_, index) => ({ id: skip + index })).filter((row) => row.id < 7);
      const next = skip + 3 < 7 ? `${server?.url ?? ''}${url.pathname}?$skiptoken=${skip + 3}` : undefined;
      if (url.pathname.startsWith('/v2'))
        return sendJson(response, 200, { d: { results: rows, ...(next ? { __next: next } : {}) } });
      return sendJson(response, 200, { value: rows, ...(next ? { '@odata.nextLink': next } : {}) });
    });
    const client = createHttpClient({ baseUrl: server.url });
    for (const version of ['v2', 'v4'] as const) {
      const ids: number[] = [];
      for await (const page of odataPages<{ id: number }>(
        client,
        `/${version}/Accounts`,
        { filter: 'x eq 1' },
        version,
      ))
        ids.push(...page.map((row) => row.id));
      expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
    expect(server.seen[0]?.url).toContain('%24format=json');
    await client.close();
  });
});
