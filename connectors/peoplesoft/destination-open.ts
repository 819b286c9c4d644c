/**
 * Opens the PeopleSoft destination for a connection: the REST target location of the site's node, the
 * client built as the source builds it (psftHttpClient: Basic OPRID or the IdP's bearer token) with
 * `recognizeCirtRefusals` among its interceptors, and the CIRT targets from the address parts.
 */
import type { Destination } from '../../engine/model/io.ts';
import { psftHttpClient } from './client.ts';
import type { PsftConnectionConfig } from './config.ts';
import { openPeopleSoftDestination } from './destination/destination.ts';
import { recognizeCirtRefusals } from './destination/refusal.ts';

export function psftRestBase(config: PsftConnectionConfig): string {
  return `${config.baseUrl}/PSIGW/RESTListeningConnector/${encodeURIComponent(config.node)}/`;
}

export async function openPsftDestination(config: PsftConnectionConfig): Promise<Destination> {
  const restBase = psftRestBase(config);
  const http = psftHttpClient(config, restBase, [recognizeCirtRefusals]);
  const destination = await openPeopleSoftDestination({ restBase, http, targets: config.cirtTargets });
  // The destination leaves a client it was given open; this one is ours, so closing it goes with it.
  return {
    ensureTable: (target) => destination.ensureTable(target),
    writeBatch: (target, batch) => destination.writeBatch(target, batch),
    plan: (target, rows) => destination.plan(target, rows),
    close: async () => {
      await destination.close();
      await http.close();
    },
  };
}
