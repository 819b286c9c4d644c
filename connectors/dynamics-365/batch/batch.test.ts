import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchTooLargeError, type BatchItem, readBatchResponse, writeBatch } from './batch.ts';
import {
  type HttpMessage,
  type MimePart,
  type Multipart,
  MultipartError,
  readMultipart,
  writeMultipart,
} from './multipart.ts';

const ids = { batch: 'AAA123', changeset: (index: number) => `BBB45${index}` };
const crlf = (lines: string[]): string => lines.join('\r\n');

describe('$batch writer', () => {
  it("writes Microsoft's documented wire format: change set with Content-ID, then a GET", () => {
    const items: BatchItem[] = [
      {
        kind: 'changeset',
        requests: [
          { method: 'POST', url: 'salesorders', body: { name: 'PO 4500000001' } },
          { method: 'POST', url: 'salesorderdetails', body: { 'salesorderid@odata.bind': '$1', quantity: 2 } },
        ],
      },
      { kind: 'request', request: { method: 'GET', url: 'accounts?$select=name' } },
    ];
    const written = writeBatch(items, ids, '/api/data/v9.2/');
    expect(written.contentType).toBe('multipart/mixed; boundary="batch_AAA123"');
    expect(written.requests).toBe(3);
    expect(written.body).toBe(
      crlf([
        '--batch_AAA123',
        'Content-Type: multipart/mixed; boundary=changeset_BBB450',
        '',
        '--changeset_BBB450',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        'Content-ID: 1',
        '',
        'POST /api/data/v9.2/salesorders HTTP/1.1',
        'Content-Type: application/json; type=entry',
        'Content-Length: 24',
        '',
        '{"name":"PO 4500000001"}',
        '--changeset_BBB450',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        'Content-ID: 2',
        '',
        'POST /api/data/v9.2/salesorderdetails HTTP/1.1',
        'Content-Type: application/json; type=entry',
        'Content-Length: 45',
        '',
        '{"salesorderid@odata.bind":"$1","quantity":2}',
        '--changeset_BBB450--',
        '',
        '--batch_AAA123',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        'GET /api/data/v9.2/accounts?$select=name HTTP/1.1',
        '',
        '',
        '--batch_AAA123--',
        '',
      ]),
    );
  });

  it('counts Content-Length in bytes, not characters', () => {
    const written = writeBatch(
      [{ kind: 'request', request: { method: 'PATCH', url: 'accounts(x)', body: { name: 'Müller' } } }],
      ids,
      '/api/data/v9.2',
    );
    expect(written.body).toContain('Content-Length: 18\r\n');
  });

  it('takes exactly 1,000 requests and refuses the 1,001st before sending', () => {
    const requests = (n: number): BatchItem[] =>
      Array.from(
        { length: n },
        (_, i) => ({ kind: 'request', request: { method: 'DELETE', url: `tasks(${i})` } }) as const,
      );
    expect(writeBatch(requests(1000), ids, '/api/data/v9.2/').requests).toBe(1000);
    expect(() => writeBatch(requests(1001), ids, '/api/data/v9.2/')).toThrow(BatchTooLargeError);
    expect(() =>
      writeBatch(
        [
          ...requests(500),
          {
            kind: 'changeset',
            requests: requests(501).map((i) => (i.kind === 'request' ? i.request : i.requests[0]!)),
          },
        ],
        ids,
        '/api/data/v9.2/',
      ),
    ).toThrow(/at most 1000 requests; this one has 1001/);
  });

  it('refuses a GET inside a change set', () => {
    expect(() => writeBatch([{ kind: 'changeset', requests: [{ method: 'GET', url: 'accounts' }] }], ids, '/')).toThrow(
      /GET/,
    );
  });
});

describe('$batch reader', () => {
  it("reads Dataverse's response: change-set parts with Content-ID and OData-EntityId, then a failed part in its own words", () => {
    const body = crlf([
      '--batchresponse_c1bd45c1-dd81-470d-b897-e965846aaad2',
      'Content-Type: multipart/mixed; boundary=changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc',
      '',
      '--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      'Location: https://org.api.crm.dynamics.com/api/data/v9.2/salesorders(a9d2b0fe-ad8e-ef11-8a6a-000d3a5b8c1e)',
      'OData-EntityId: https://org.api.crm.dynamics.com/api/data/v9.2/salesorders(a9d2b0fe-ad8e-ef11-8a6a-000d3a5b8c1e)',
      '',
      '',
      '--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc--',
      '--batchresponse_c1bd45c1-dd81-470d-b897-e965846aaad2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 400 Bad Request',
      'REQ_ID: 5ecd1cb3-1730-4ffc-909c-d44c22270026',
      'Content-Type: application/json; odata.metadata=minimal',
      'OData-Version: 4.0',
      '',
      '{"error":{"code":"0x80044331","message":"A validation error occurred. The length of the \'subject\' attribute of the \'task\' entity exceeded the maximum allowed length of \'200\'."}}',
      '--batchresponse_c1bd45c1-dd81-470d-b897-e965846aaad2--',
      '',
    ]);
    const results = readBatchResponse(
      'multipart/mixed; boundary=batchresponse_c1bd45c1-dd81-470d-b897-e965846aaad2',
      body,
    );
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ status: 204, contentId: '1', changeset: 0 });
    expect(results[0]!.headers['odata-entityid']).toMatch(/salesorders\(a9d2b0fe/);
    expect(results[0]!.error).toBeUndefined();
    expect(results[1]).toMatchObject({
      status: 400,
      error: { code: '0x80044331', message: expect.stringContaining("The length of the 'subject' attribute") },
    });
    expect(results[1]!.headers['req_id']).toBe('5ecd1cb3-1730-4ffc-909c-d44c22270026');
    expect(results[1]!.changeset).toBeUndefined();
  });

  it('refuses an answer that is not multipart, and one cut before its closing boundary', () => {
    expect(() => readBatchResponse('application/json', '{}')).toThrow(/multipart/);
    expect(() =>
      readBatchResponse(
        'multipart/mixed; boundary=b',
        '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n',
      ),
    ).toThrow(MultipartError);
  });
});

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/);
const headerValue = fc.string({ maxLength: 30 }).map((value) => value.replace(/[\r\n]/g, ' ').trim());
const headers = fc.array(fc.tuple(token, headerValue), { maxLength: 4 });
const message: fc.Arbitrary<HttpMessage> = fc.record({
  startLine: fc.string({ maxLength: 40 }).map((line) => `POST ${line.replace(/[\r\n]/g, '')} HTTP/1.1`),
  headers,
  body: fc.string({ maxLength: 80 }),
});
const httpPart: fc.Arbitrary<MimePart> = fc.record({ headers, content: message });
const multipart: fc.Arbitrary<Multipart> = fc.record({
  boundary: fc.constant('batch_x'),
  parts: fc.array(
    fc.oneof(
      httpPart,
      fc.record({
        headers: fc.constant([['Content-Type', 'multipart/mixed; boundary=changeset_y']] as const),
        content: fc.record({
          boundary: fc.constant('changeset_y'),
          parts: fc.array(httpPart, { minLength: 1, maxLength: 3 }),
        }),
      }),
    ),
    { maxLength: 5 },
  ),
});

describe('multipart round trip', () => {
  it('reads back exactly what it wrote, CRLFs and empty bodies included', () => {
    fc.assert(
      fc.property(multipart, (written) => {
        const text = writeMultipart(written);
        expect(readMultipart(text, written.boundary)).toEqual(written);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses to write a body holding its own boundary', () => {
    expect(() =>
      writeMultipart({
        boundary: 'b',
        parts: [{ headers: [], content: { startLine: 'GET x HTTP/1.1', headers: [], body: 'a\r\n--b\r\n' } }],
      }),
    ).toThrow(MultipartError);
  });
});
