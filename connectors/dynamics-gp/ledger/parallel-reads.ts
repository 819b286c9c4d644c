/**
 * The by-key reads of a ledger read, several at once. GP Web Services list journals without amounts or
 * lines (dynamics-gp-web-services.md §5), so a first load of a ledger makes one call per journal; made one
 * after another that is tens of thousands of round trips. Each reader is its own client on its own
 * signed-in connection (NTLM signs a connection in, not a request, so calls cannot share one connection at
 * once), made on first need, so a read that needs no by-key call signs in once.
 */
import type { GpWebServicesClient } from '../web-services/client.ts';

/** GP Web Services calls a ledger read makes at once unless the connection says otherwise. */
export const DEFAULT_PARALLEL_READS = 4;

export interface ReaderPool {
  /** `read` over every item, at most the pool's size at once, the answers in the items' order. */
  map<Item, Answer>(
    items: readonly Item[],
    read: (item: Item, client: GpWebServicesClient) => Promise<Answer>,
  ): Promise<Answer[]>;
  close(): Promise<void>;
}

export function readerPool(size: number, makeClient: () => GpWebServicesClient): ReaderPool {
  const clients: GpWebServicesClient[] = [];
  return {
    async map(items, read) {
      const answers = new Array<Awaited<ReturnType<typeof read>>>(items.length);
      let next = 0;
      let failed = false;
      const worker = async (client: GpWebServicesClient): Promise<void> => {
        // The first failure stops the other readers taking more items; its error is the read's.
        while (!failed && next < items.length) {
          const at = next++;
          try {
            answers[at] = await read(items[at]!, client);
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      };
      const workers = Math.min(size, items.length);
      while (clients.length < workers) clients.push(makeClient());
      const settled = await Promise.allSettled(clients.slice(0, workers).map(worker));
      const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      return answers;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}
