/**
 * The company data a simulator holds, how it changes over time (`advance`), and its control totals.
 * Time is the simulator's own clock (it starts 2024-01-01 UTC and only moves forward in `advance`), so
 * runs are deterministic and tests never wait.
 */
import { Decimal } from '../../../engine/model/values/index.ts';
import {
  GP_ENTITIES,
  GL_LINE_MONEY_FIELDS,
  SOURCE_ENTITIES,
  type GpEntityId,
  type SimRecord,
  type TransactionState,
} from './entities.ts';
import { journalBatchTotals, journalStateTotals, type BatchTotals, type StateTotals } from './journal-totals.ts';
import { periodKey, referenceRecords } from './reference-data.ts';
import { GpDateTime, Money, toSqlDatetimeMs, type SimFields } from './gp-values.ts';
import {
  PO_STATUSES,
  SIM_EPOCH_MS,
  SeededRandom,
  glAccount,
  journalEntry,
  payablesInvoice,
  purchaseOrder,
  vendor,
} from './seed-data.ts';

export interface EntityTotals {
  readonly rows: number;
  /** Exact decimal strings per money field. */
  readonly sums: Readonly<Record<string, string>>;
}
/**
 * Per entity; plus `gl_journal_batch:<BatchId>` per journal batch (journals as rows, their lines and states)
 * and `gl_journal_state:<Work|Open|History>` per journal state (journals, lines, exact debit and credit sums).
 */
export interface ControlTotals {
  readonly [key: string]: EntityTotals | BatchTotals | StateTotals;
  readonly [batch: `gl_journal_batch:${string}`]: BatchTotals;
  readonly [state: `gl_journal_state:${string}`]: StateTotals;
}
export interface Change {
  readonly entity: GpEntityId;
  readonly key: string | number;
  readonly created: boolean;
}

export class GpStore {
  readonly records = new Map<GpEntityId, Map<string | number, SimRecord>>();
  private readonly random: SeededRandom;
  private clockMs = SIM_EPOCH_MS;
  private step = 0;

  constructor(seed: number, rows: number) {
    this.random = new SeededRandom(seed);
    for (const entity of GP_ENTITIES) this.records.set(entity.id, new Map());
    const r = this.random;
    for (let i = 0; i < rows; i++)
      this.put('gl_accounts', glAccount(i, r, this.tick(), SIM_EPOCH_MS - 86_400_000 * r.int(1, 400)));
    for (let i = 0; i < rows; i++) this.put('vendors', vendor(i, r, this.tick()));
    const accounts = [...this.map('gl_accounts').keys()] as string[];
    let batchMs = this.tick();
    for (let i = 0; i < rows; i++) {
      // Entries posted in one batch share one ModifiedDate, as a batch posting stamps them together.
      if (i % 5 === 0) batchMs = this.tick();
      const state: TransactionState = i < rows * 0.2 ? 'History' : i >= rows * 0.9 ? 'Work' : 'Open';
      this.put('gl_journal_entries', journalEntry(1000 + i, accounts, state, r, batchMs));
    }
    const vendors = [...this.map('vendors').values()];
    for (let i = 0; i < rows; i++) {
      const state: TransactionState = i >= rows * 0.85 ? 'Work' : 'Open';
      this.put('payables_invoices', payablesInvoice(i, vendors, state, r, this.tick()));
    }
    for (let i = 0; i < rows; i++) this.put('purchase_orders', purchaseOrder(i, vendors, r, this.tick()));
    // Stamped after the seeded data, so a read of the first records still meets the seeded ones first.
    const reference = referenceRecords(this.stamp());
    for (const record of reference.accounts) this.put('gl_accounts', record);
    for (const record of reference.costCenters) this.put('cost_centers', record);
    for (const record of reference.periods) this.put('fiscal_periods', record);
  }

  /** A ModifiedDate for a write: one second after the newest, without drawing from the seeded randomness. */
  stamp(): number {
    this.clockMs = toSqlDatetimeMs(this.clockMs + 1000);
    return this.clockMs;
  }

  /** Closes or reopens a fiscal period for the Financial series (what GP's Fiscal Period Setup window does). */
  setPeriodClosed(year: number, period: number, closed: boolean): void {
    const record = this.map('fiscal_periods').get(periodKey(year, period));
    if (record === undefined) throw new Error(`the simulator has no fiscal period ${year} period ${period}`);
    record.fields = { ...record.fields, IsClosed: closed };
    record.modifiedMs = this.stamp();
  }

  /** Adds or changes a record a test needs (a cost center, a deactivated account), stamped as a write. */
  upsert(entity: GpEntityId, key: string | number, fields: SimFields): void {
    const existing = this.map(entity).get(key);
    const record: SimRecord = { key, modifiedMs: this.stamp(), fields: { ...existing?.fields, ...fields } };
    this.map(entity).set(key, record);
  }

  /** The next journal entry number GP would assign. */
  nextJournalEntry(): number {
    let next = 1000;
    for (const key of this.map('gl_journal_entries').keys()) if ((key as number) >= next) next = (key as number) + 1;
    return next;
  }

  map(entity: GpEntityId): Map<string | number, SimRecord> {
    const found = this.records.get(entity);
    if (found === undefined) throw new Error(`unknown entity ${entity}`);
    return found;
  }

  /** The newest ModifiedDate the simulator has written (UTC ms). */
  get now(): number {
    return this.clockMs;
  }

  /**
   * Creates or modifies `n` records, each with a ModifiedDate newer than anything before. Posted GL and
   * payables transactions are read-only in GP (dynamics-gp.md §6, unconfirmed; seed page: "Posted
   * transactions are read-only"), so only Work ones are edited or posted (Work -> Open).
   */
  advance(n: number): Change[] {
    const changes: Change[] = [];
    for (let i = 0; i < n; i++) {
      const entity = SOURCE_ENTITIES[this.step++ % SOURCE_ENTITIES.length] ?? 'vendors';
      changes.push(this.changeOne(entity, this.tick()));
    }
    return changes;
  }

  private changeOne(entity: GpEntityId, at: number): Change {
    const r = this.random;
    const map = this.map(entity);
    const create = r.next() < 0.35;
    const vendors = [...this.map('vendors').values()];
    switch (entity) {
      case 'gl_accounts': {
        if (create) return this.put(entity, glAccount(map.size, r, at, at), true);
        const record = r.pick([...map.values()]);
        record.fields = {
          ...record.fields,
          Description: `${String(record.fields.Description)} (reclassified)`,
          IsActive: !record.fields.IsActive,
        };
        return this.touch(entity, record, at);
      }
      case 'vendors': {
        if (create) return this.put(entity, vendor(map.size, r, at), true);
        const record = r.pick([...map.values()]);
        const address = record.fields.Address as SimFields;
        record.fields = {
          ...record.fields,
          IsOnHold: !record.fields.IsOnHold,
          Address: { ...address, Line1: `${r.int(1, 9999)} Moved Ave.` },
        };
        return this.touch(entity, record, at);
      }
      case 'gl_journal_entries': {
        const work = [...map.values()].filter((record) => record.fields.TransactionState === 'Work');
        if (create || work.length === 0) {
          const accounts = [...this.map('gl_accounts').keys()] as string[];
          return this.put(entity, journalEntry(this.nextJournalEntry(), accounts, 'Work', r, at), true);
        }
        const record = r.pick(work);
        if (r.next() < 0.5) record.fields = { ...record.fields, TransactionState: 'Open' };
        else record.fields = { ...record.fields, Lines: rebalance(record.fields.Lines as SimFields[], r.cents()) };
        return this.touch(entity, record, at);
      }
      case 'payables_invoices': {
        const work = [...map.values()].filter((record) => record.fields.TransactionState === 'Work');
        if (create || work.length === 0)
          return this.put(entity, payablesInvoice(map.size, vendors, 'Work', r, at), true);
        const record = r.pick(work);
        record.fields = { ...record.fields, TransactionState: 'Open' };
        return this.touch(entity, record, at);
      }
      case 'purchase_orders': {
        if (create) return this.put(entity, purchaseOrder(map.size, vendors, r, at), true);
        const record = r.pick([...map.values()]);
        record.fields = { ...record.fields, Status: r.pick(PO_STATUSES) };
        return this.touch(entity, record, at);
      }
      default:
        throw new Error(`advance does not change ${entity}`);
    }
  }

  controlTotals(): ControlTotals {
    const totals: Record<string, EntityTotals | BatchTotals | StateTotals> = {};
    for (const entity of GP_ENTITIES) {
      const records = [...this.map(entity.id).values()];
      totals[entity.id] = {
        rows: records.length,
        sums: sumMoney(
          records.map((record) => record.fields),
          entity.moneyFields,
        ),
      };
    }
    const lines = [...this.map('gl_journal_entries').values()].flatMap((record) => record.fields.Lines as SimFields[]);
    totals.gl_journal_lines = { rows: lines.length, sums: sumMoney(lines, GL_LINE_MONEY_FIELDS) };
    for (const [batch, batchTotals] of Object.entries(journalBatchTotals([...this.map('gl_journal_entries').values()])))
      totals[`gl_journal_batch:${batch}`] = batchTotals;
    for (const [state, stateTotals] of Object.entries(journalStateTotals([...this.map('gl_journal_entries').values()])))
      totals[`gl_journal_state:${state}`] = stateTotals;
    return totals as ControlTotals;
  }

  /**
   * Posts a GL batch as GP's posting does: its Work journals move to Open (GL10000 -> GL20000, facts
   * §8.12), all stamped with one new ModifiedDate. Returns how many moved. (A test's lever, not a service call.)
   */
  postBatch(source: string, batchId: string): number {
    const at = this.stamp();
    let moved = 0;
    for (const journal of this.map('gl_journal_entries').values()) {
      const fields = journal.fields;
      if (fields.TransactionState !== 'Work' || fields.BatchId !== batchId || fields.BatchSource !== source) continue;
      journal.fields = { ...fields, TransactionState: 'Open' };
      journal.modifiedMs = at;
      moved += 1;
    }
    return moved;
  }

  /** Year-end close: the year's Open journals move to History (GL20000 -> GL30000, §8.12), with a new ModifiedDate. */
  closeYear(year: number): number {
    const at = this.stamp();
    let moved = 0;
    for (const journal of this.map('gl_journal_entries').values()) {
      const fields = journal.fields;
      if (fields.TransactionState !== 'Open' || journalYear(fields) !== year) continue;
      journal.fields = { ...fields, TransactionState: 'History' };
      journal.modifiedMs = at;
      moved += 1;
    }
    return moved;
  }

  private put(entity: GpEntityId, record: SimRecord, created = false): Change {
    this.map(entity).set(record.key, record);
    return { entity, key: record.key, created };
  }

  private touch(entity: GpEntityId, record: SimRecord, at: number): Change {
    record.modifiedMs = at;
    return { entity, key: record.key, created: false };
  }

  /** Moves the clock forward 0.5 to 90 s, at SQL datetime precision. */
  private tick(): number {
    this.clockMs = toSqlDatetimeMs(this.clockMs + this.random.int(500, 90_000));
    return this.clockMs;
  }
}

/** The calendar year of a journal's transaction date (the simulated company's fiscal years are calendar years). */
export function journalYear(fields: SimFields): number | undefined {
  const date = fields.TransactionDate;
  return date instanceof GpDateTime ? new Date(date.ms).getUTCFullYear() : undefined;
}

function rebalance(lines: readonly SimFields[], cents: bigint): SimFields[] {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || last === undefined || lines.length < 2) return [...lines];
  const debit = (first.DebitAmount as Money).value.add(Decimal.of(cents, 2));
  const credit = (last.CreditAmount as Money).value.add(Decimal.of(cents, 2));
  return [
    { ...first, DebitAmount: new Money(debit, 'Z-US$', 2) },
    ...lines.slice(1, -1),
    { ...last, CreditAmount: new Money(credit, 'Z-US$', 2) },
  ];
}

function sumMoney(records: readonly SimFields[], fields: readonly string[]): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const field of fields) {
    let sum = Decimal.ZERO.rescale(2);
    for (const record of records) {
      const value = record[field];
      if (value instanceof Money) sum = sum.add(value.value);
    }
    sums[field] = sum.toString();
  }
  return sums;
}
