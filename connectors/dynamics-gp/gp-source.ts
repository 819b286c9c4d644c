/**
 * A GP connection's source: the general ledger from GP Web Services (`ledger/`), vendors, payables and
 * purchasing from SBA (`source.ts`), one GP behind both (dynamics-gp-web-services.md §0: SBA has no
 * ledger). Each surface is opened on its first read, so a connection names only the surface its streams
 * use, and a stream of the other says in one sentence which address part is missing. Both read in
 * ascending ModifiedDate.
 */
import type { EntitySchema, ReadRequest, Source, SourcePage } from '../../engine/model/io.ts';
import { requireSba, type GpConnectionConfig } from './client.ts';
import { createLedgerReader, type LedgerSourceOptions } from './ledger/source.ts';
import { isLedgerStream, LEDGER_STREAMS } from './ledger/streams.ts';
import { createGpSource, type GpSource } from './source.ts';
import { GP_STREAMS } from './streams.ts';

export function openGpSource(config: GpConnectionConfig, options: LedgerSourceOptions = {}): Source {
  const ledger = createLedgerReader(config, options);
  let sba: GpSource | undefined;
  return {
    orderedByCursor: true,
    discover: (): Promise<readonly EntitySchema[]> =>
      Promise.resolve([...LEDGER_STREAMS, ...GP_STREAMS].map((stream) => stream.schema)),
    read: (request: ReadRequest): AsyncIterable<SourcePage> => {
      if (isLedgerStream(request.entity)) return ledger.read(request);
      requireSba(config, `the ${request.entity} stream`);
      sba ??= createGpSource(config);
      return sba.read(request);
    },
    close: async () => {
      await Promise.all([ledger.close(), sba?.close()]);
    },
  };
}
