/**
 * A stream read through a site's custom document-based REST operation instead of its saved query, end to
 * end against the simulator's vendors document: the window's days and the paging key filled into the
 * operation's URL template, the JSON root named after the document, lower-case field names matched to the
 * stream's columns; the read equals the control totals. Without a paging key, a full page on one day is
 * refused rather than taken as whole; a template naming anything else, or a wrong document name, is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../../engine/model/index.ts';
import type { ConnectionContext } from '../kit/module/connection-parts.ts';
import { fetchControlTotals, readAll, reconcile } from '../kit/testing/conformance-support.ts';
import { psftConfig, psftModule } from './module.ts';
import { DOCUMENT_ALIAS, DOCUMENT_NAME, DOCUMENT_TEMPLATE } from './simulator/document.ts';
import type { PeopleSoftSimulator } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { PSFT_STREAMS } from './streams.ts';
import { configFor, startTestSimulator, TEST_QUERIES } from './test-support.ts';

const running: PeopleSoftSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});
const vendors = PSFT_STREAMS.find((stream) => stream.name === 'vendors')!.schema;

async function start(): Promise<PeopleSoftSimulator> {
  const sim = await startTestSimulator({ documentPageRows: 7 });
  running.push(sim);
  return sim;
}

function context(address: Record<string, unknown>): ConnectionContext {
  const connection = {
    system: 'peoplesoft',
    address: { baseUrl: 'https://psft.example.com:8443', node: 'PSFT_FINPRD', ...address },
    auth: { method: 'basic', username: 'MLC_SYNC', secret: 'psft_password' },
  } as unknown as Connection;
  return {
    name: 'psft',
    connection,
    pipeline: { connections: { psft: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: () => Promise.resolve('pw'),
  };
}

describe('PeopleSoft custom document-based REST operations', () => {
  it('reads vendors through the document operation page by page, equal to the control totals, never asking the saved query', async () => {
    const sim = await start();
    const totals = await fetchControlTotals(sim.url);
    const source = createPsftSource({
      ...configFor(sim, {
        documents: { vendors: { template: DOCUMENT_TEMPLATE, root: DOCUMENT_NAME } },
        documentPageRows: 7,
        // A saved query PeopleSoft does not have: any QAS call for vendors would fail.
        queries: { ...TEST_QUERIES, vendors: 'NO_SUCH_QUERY' },
      }),
      retry: false,
    });
    const before = sim.stats.requests;
    expect(reconcile('vendors', await readAll(source, vendors, 50), totals)).toEqual([]);
    // The 1900-01-01 window alone holds more than one page of 7.
    expect(sim.stats.requests - before).toBeGreaterThan(4);
    await source.close();
  });

  it('without {AFTER_KEY}, a full page on one day stops the stream naming the day', async () => {
    const sim = await start();
    const template = `${DOCUMENT_ALIAS}/vendors?from={FROM_DT}&to={TO_DT}`;
    const source = createPsftSource({
      ...configFor(sim, { documents: { vendors: { template, root: DOCUMENT_NAME } }, documentPageRows: 7 }),
      retry: false,
    });
    const error = (await readAll(source, vendors, 50).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'WINDOW_FULL' });
    expect(error.message).toContain('full page (7 rows) for 1900-01-01 alone');
    await source.close();
  });

  it('refuses a wrong document name in words naming the root it found', async () => {
    const sim = await start();
    const source = createPsftSource({
      ...configFor(sim, { documents: { vendors: { template: DOCUMENT_TEMPLATE, root: 'VENDOR_DOC' } } }),
      retry: false,
    });
    await expect(readAll(source, vendors, 50)).rejects.toThrow(
      /without the document root VENDOR_DOC \(it has MLC_VENDOR_DOC\)/,
    );
    await source.close();
  });

  it('takes the operation from address parts, and refuses a template with other placeholders or no root', () => {
    expect(
      psftConfig(context({ vendorsDocument: DOCUMENT_TEMPLATE, vendorsDocumentRoot: DOCUMENT_NAME })).documents,
    ).toEqual({ vendors: { template: DOCUMENT_TEMPLATE, root: DOCUMENT_NAME } });
    expect(() =>
      psftConfig(
        context({ vendorsDocument: 'X.v1/v?from={FROM_DT}&to={TO_DT}&id={VENDOR_ID}', vendorsDocumentRoot: 'X' }),
      ),
    ).toThrow('connections.psft.address.vendorsDocument: the template names {VENDOR_ID}');
    expect(() => psftConfig(context({ vendorsDocument: DOCUMENT_TEMPLATE }))).toThrow(
      'connections.psft.address.vendorsDocumentRoot',
    );
    expect(psftModule.descriptor.addressParts.map((part) => part.name)).toContain('vendorsDocument');
  });

  it('check runs the document operation; a user without its permission list is told so', async () => {
    const sim = await start();
    const documents = { vendors: { template: DOCUMENT_TEMPLATE, root: DOCUMENT_NAME } };
    expect(await psftModule.testConnection(configFor(sim, { documents }))).toMatchObject({ ok: true });
    const us001 = sim.users.us001;
    const refused = await psftModule.testConnection({
      ...configFor(sim, { documents }),
      auth: { kind: 'basic', oprid: us001.oprid, passwordSecret: 'own' },
      resolveSecret: () => Promise.resolve(us001.password),
    });
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toContain(
      `document operation ${sim.url}/PSIGW/RESTListeningConnector/${sim.node}/${DOCUMENT_ALIAS}`,
    );
    expect(refused.message).toContain("user MLC_US001 may lack the operation's permission list");
  });
});
