/**
 * The kit's source conformance run over the ledger streams, against the GP simulator's GP Web Services
 * (SOAP) endpoint with the real client: full read equal to the control totals, an incremental read of
 * exactly what changed (a journal posted Work -> Open comes back under its same key), 10% faults, and a
 * wrong password without a retry storm.
 */
import { type ChangedRecord, type SourceUnderTest, describeSourceConformance } from '../../kit/testing/conformance.ts';
import { gpConnectorDescriptor } from '../descriptor.ts';
import { openGpSource } from '../gp-source.ts';
import { gpModule } from '../module.ts';
import { startGpSimulator, type GpSimulator } from '../simulator/index.ts';
import { journalKey, ledgerConfig, lineKeys } from './test-support.ts';

function changedRecords(sim: GpSimulator, n: number): ChangedRecord[] {
  return sim.advance(n).flatMap((change): ChangedRecord[] => {
    if (change.entity === 'gl_accounts') return [{ entity: change.entity, key: [change.key] }];
    if (change.entity !== 'gl_journal_entries') return [];
    const fields = sim.store.map('gl_journal_entries').get(change.key)?.fields;
    if (fields === undefined) return [];
    return [
      { entity: change.entity, key: journalKey(fields) },
      ...lineKeys(fields).map((key) => ({ entity: 'gl_journal_lines', key })),
    ];
  });
}

function rig(sim: GpSimulator): SourceUnderTest {
  return {
    descriptor: gpConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      openGpSource({
        ...ledgerConfig(sim, password === undefined ? {} : { password }),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    // The shipped connection test, the one `check` and the studio's Test run through the registry.
    check: (options) =>
      gpModule.testConnection(ledgerConfig(sim, options?.password === undefined ? {} : { password: options.password })),
    advance: (n) => changedRecords(sim, n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

describeSourceConformance({
  name: 'Dynamics GP ledger through GP Web Services',
  start: async ({ faults }) =>
    rig(await startGpSimulator({ rows: 120, seed: 7, ...(faults === undefined ? {} : { faults }) })),
  entities: ['gl_accounts', 'gl_journal_entries', 'gl_journal_lines'],
  expectFaults: ['429', '500', '503', 'reset'],
  // Four by-key reads at once share this process with the simulator: on a busy two-core machine one answer
  // can wait behind three others for longer than the usual 30 ms deadline (the kit's own tests cover deadlines).
  requestMs: 250,
});
