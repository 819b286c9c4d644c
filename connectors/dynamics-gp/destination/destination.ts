/**
 * Dynamics GP as a Destination (integration 2): payroll and compensation as GL journals created
 * unposted (Work) in a named batch, validated against GP first; employees (or vendors) upserted into
 * GP's master records by natural key. Journals and employees go through GP Web Services, the surface
 * that has the general ledger and payroll (dynamics-gp-web-services.md §0, §4.1, §4.2); vendors through
 * SBA `Purchasing/Vendors`. Each surface's client is opened on first use, so a connection names only
 * the address of the surface its targets use. GP has no tables to create: `ensureTable` checks that the
 * target is one GP takes, with columns it knows, and answers no schema change. Each batch is idempotent
 * by content, not by batch id: journals are found by their reference and master records by their key,
 * so a re-sent or replayed batch writes nothing twice, whichever run sends it.
 */
import type {
  DataRow,
  Destination,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
} from '../../../engine/model/io.ts';
import { GpClient, requireWebServices, type GpConnectionConfig } from '../client.ts';
import { GpCompanyDb } from '../company-db/company-db.ts';
import { GpWebServicesClient } from '../web-services/client.ts';
import { wsEmployeeRecords } from './employee-records.ts';
import { planJournals, writeJournals } from './journal-writer.ts';
import { planMasters, writeMasters, type MasterRecords } from './master-writer.ts';
import { sbaMasterRecords } from './sba-masters.ts';
import { costCenterSegmentOf, gpTableOf, journalBatchOf, type GpTable } from './tables.ts';

const USE = {
  gl_journals: 'the gl_journals target',
  employees: 'the employees target',
  vendors: 'the vendors target',
} as const;

export class GpDestination implements Destination {
  private webServices: GpWebServicesClient | undefined;
  private sba: GpClient | undefined;
  /** GP's company database for the period pre-check; undefined when the connection names none. */
  private readonly companyDb: GpCompanyDb | undefined;

  constructor(private readonly config: GpConnectionConfig) {
    this.companyDb = config.companyDb && new GpCompanyDb(config.companyDb, config.resolveSecret);
  }

  /** GP Web Services, opened on first use: one sign-in for every journal and employee of the run. */
  ledger(use: string): GpWebServicesClient {
    const { url, companyKey, currencyType } = requireWebServices(this.config, use);
    this.webServices ??= new GpWebServicesClient({
      url,
      companyKey,
      currencyType,
      auth: { ...this.config.auth, method: this.config.auth.method === 'negotiate' ? 'negotiate' : 'ntlm' },
      resolveSecret: this.config.resolveSecret,
      ...(this.config.caCert === undefined ? {} : { caCert: this.config.caCert }),
      ...(this.config.retry === undefined ? {} : { retry: this.config.retry }),
      ...(this.config.timeouts === undefined ? {} : { timeouts: this.config.timeouts }),
      ...(this.config.scrub === undefined ? {} : { scrub: this.config.scrub }),
    });
    return this.webServices;
  }

  /** SBA, opened on first use (vendors only). */
  private serviceBased(use: string): GpClient {
    this.sba ??= new GpClient(this.config, use);
    return this.sba;
  }

  private masters(table: GpTable): MasterRecords {
    return table.kind === 'employees'
      ? wsEmployeeRecords(this.ledger(USE.employees))
      : sbaMasterRecords(this.serviceBased(USE[table.kind]), table);
  }

  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    const table = gpTableOf(target);
    if (table.kind === 'gl_journals') {
      journalBatchOf(target);
      costCenterSegmentOf(target);
    }
    // Says now, not at the first batch, when the connection lacks the address of the surface this target needs.
    if (table.kind === 'vendors') this.serviceBased(USE.vendors);
    else requireWebServices(this.config, USE[table.kind]);
    return [];
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult> {
    const table = gpTableOf(target);
    if (batch.rows.length === 0) return { inserted: 0, updated: 0, alreadyCommitted: 0 };
    return table.kind === 'gl_journals'
      ? writeJournals(this.ledger(USE.gl_journals), target, batch.rows, this.companyDb)
      : writeMasters(this.masters(table), target, table, batch.rows);
  }

  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const table = gpTableOf(target);
    if (rows.length === 0) return { inserts: 0, updates: 0, unchanged: 0 };
    return table.kind === 'gl_journals'
      ? planJournals(this.ledger(USE.gl_journals), target, rows, this.companyDb)
      : planMasters(this.masters(table), target, table, rows);
  }

  async close(): Promise<void> {
    await Promise.all([this.webServices?.close(), this.sba?.close()]);
  }
}

export function openGpDestination(config: GpConnectionConfig): GpDestination {
  return new GpDestination(config);
}
