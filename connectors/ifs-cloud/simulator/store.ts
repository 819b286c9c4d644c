/**
 * What an IFS Cloud simulator holds and how it changes. Time is the simulator's own clock (from
 * 2026-01-05 08:00 UTC, moving only in `advance`), so runs are deterministic and tests never wait.
 * Rows are IFS rows as served (PascalCase properties, amounts kept as decimal text) plus what IFS keeps
 * out of sight: the objid and change time inside the ETag, and whether a voucher is updated to GL (it then
 * leaves VoucherSet/VoucherRowSet for the posted GL sets, ifs-cloud.md §5).
 */
import { addDecimals, type ControlTotals, entityTotals } from '../../kit/simulator/control-totals.ts';
import { type SeededRandom, seededRandom } from '../../kit/simulator/seeded.ts';

export interface SimRow {
  readonly values: Record<string, string | number | null>;
  objid: string;
  changedAt: Date;
}

export interface SimVoucher extends SimRow {
  updatedToGl: boolean;
  readonly rows: SimRow[];
}

export interface SimOrder extends SimRow {
  readonly lines: SimRow[];
}

/** One History Log entry (ifs-cloud.md §5): written only for LUs whose logging the customer switched on. */
export interface HistoryEntry {
  readonly logId: number;
  readonly luName: string;
  readonly at: Date;
  readonly historyType: 'Insert' | 'Update' | 'Delete';
  /** `SUPPLIER_ID=S0001^` */
  readonly keys: string;
}

export interface StoreChange {
  readonly entity: string;
  readonly key: readonly (string | number)[];
}

export const SIM_EPOCH_MS = Date.UTC(2026, 0, 5, 8, 0, 0);
const DAY_MS = 86_400_000;
const ACCOUNTS = ['1100', '1510', '2440', '2610', '3010', '4010', '5010', '6110', '6540', '7010'];
const ACCOUNT_TYPES = [
  'Assets',
  'Assets',
  'Liabilities',
  'Liabilities',
  'Revenues',
  'Cost',
  'Cost',
  'Cost',
  'Cost',
  'Cost',
];

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class IfsStore {
  readonly accounts: SimRow[] = [];
  readonly codePartValues: SimRow[] = [];
  readonly suppliers: SimRow[] = [];
  readonly vouchers: SimVoucher[] = [];
  readonly invoices: SimRow[] = [];
  readonly orders: SimOrder[] = [];
  /** Rows of a company the service user may not see (not in its Allowed Companies). */
  readonly hiddenAccounts: SimRow[] = [];
  readonly history: HistoryEntry[] = [];
  /** LUs with History Log switched on (History Log Configuration), by the keyref each entry names. */
  readonly logged = new Map<SimRow, { readonly luName: string; readonly keys: string }>();
  private readonly random: SeededRandom;
  private clockMs = SIM_EPOCH_MS;
  private objids = 0;
  private nextVoucherNo = 1;
  private nextInvoiceId = 100_001;
  private nextOrder = 1;

  constructor(
    seed: number,
    rows: number,
    readonly company = '10',
  ) {
    this.random = seededRandom(seed);
    const back = (days: number) => new Date(SIM_EPOCH_MS - days * DAY_MS - this.random.int(1, 3600) * 1000);
    ACCOUNTS.forEach((account, index) =>
      this.accounts.push(
        this.row(back(200 - index), {
          Company: company,
          Account: account,
          Description: `Account ${account}`,
          AccntGroup: account.slice(0, 1),
          AccntType: ACCOUNT_TYPES[index] === 'Assets' || ACCOUNT_TYPES[index] === 'Liabilities' ? 'BS' : 'PL',
          LogicalAccountType: ACCOUNT_TYPES[index] ?? 'Cost',
          ValidFrom: '2020-01-01',
          ValidUntil: '2049-12-31',
        }),
      ),
    );
    this.hiddenAccounts.push(
      this.row(back(300), {
        Company: '20',
        Account: '1100',
        Description: 'Hidden company',
        AccntGroup: '1',
        AccntType: 'BS',
        LogicalAccountType: 'Assets',
        ValidFrom: '2020-01-01',
        ValidUntil: '2049-12-31',
      }),
    );
    for (const part of ['B', 'C', 'D'])
      for (let i = 1; i <= 4; i++)
        this.codePartValues.push(
          this.row(back(150 + i), {
            Company: company,
            CodePart: part,
            CodePartValue: `${part}${String(i * 100)}`,
            Description: `Code ${part} value ${i}`,
            ValidFrom: '2020-01-01',
            ValidUntil: '2049-12-31',
          }),
        );
    const supplierCount = Math.max(3, Math.ceil(rows / 10));
    for (let i = 1; i <= supplierCount; i++)
      this.suppliers.push(
        this.row(back(100 + (i % 50)), {
          SupplierId: `S${String(i).padStart(4, '0')}`,
          Name: `Supplier ${i} AB`,
          PartyType: 'Supplier',
          Country: this.random.pick(['SE', 'GB', 'DE', 'US']),
        }),
      );
    // Seeded business dates lie before the clock's first day; a quarter of the vouchers are updated to GL.
    for (let i = 0; i < rows; i++) {
      const voucher = this.addVoucher(SIM_EPOCH_MS - this.random.int(1, 180) * DAY_MS);
      voucher.updatedToGl = this.random.next() < 0.25;
    }
    for (let i = 0; i < Math.max(2, Math.ceil(rows / 4)); i++)
      this.addInvoice(SIM_EPOCH_MS - this.random.int(1, 120) * DAY_MS);
    for (let i = 0; i < Math.max(2, Math.ceil(rows / 4)); i++)
      this.addOrder(SIM_EPOCH_MS - this.random.int(1, 120) * DAY_MS, this.random.int(1, 5));
  }

  now(): Date {
    return new Date(this.clockMs);
  }

  private row(changedAt: Date, values: Record<string, string | number | null>): SimRow {
    this.objids += 1;
    return { values, objid: `AAA${this.objids.toString(36).toUpperCase().padStart(6, '0')}AAB`, changedAt };
  }

  /** Marks a row changed now: a new change time, so a new ETag (§6: it changes on every update). */
  touch(row: SimRow): void {
    // The stamp has whole seconds: each update moves the clock one, so two updates never share an ETag.
    this.clockMs += 1000;
    row.changedAt = this.now();
    const logged = this.logged.get(row);
    if (logged !== undefined)
      this.history.push({ logId: this.history.length + 1, ...logged, at: this.now(), historyType: 'Update' });
  }

  addVoucher(dateMs: number): SimVoucher {
    const date = isoDate(dateMs);
    const year = Number(date.slice(0, 4));
    const period = Number(date.slice(5, 7));
    const voucherNo = this.nextVoucherNo++;
    const head = {
      Company: this.company,
      AccountingYear: year,
      VoucherType: this.random.pick(['M', 'I', 'K']),
      VoucherNo: voucherNo,
      VoucherDate: date,
      AccountingPeriod: period,
      DateReg: date,
      Userid: 'IFSAPP',
      VoucherStatus: 'Confirmed',
      VoucherText2: `Voucher ${voucherNo}`,
      FunctionGroup: 'M',
    };
    const voucher: SimVoucher = { ...this.row(this.now(), head), updatedToGl: false, rows: [] };
    const lines = this.random.int(1, 3);
    let balance = '0';
    for (let rowNo = 1; rowNo <= lines + 1; rowNo++) {
      const last = rowNo === lines + 1;
      const amount = last ? negate(balance) : this.random.decimal(-5000, 5000, 2);
      balance = addDecimals([balance, amount]);
      const debit = amount.startsWith('-') ? null : amount;
      const credit = amount.startsWith('-') ? amount.slice(1) : null;
      voucher.rows.push(
        this.row(this.now(), {
          ...pick(head, ['Company', 'AccountingYear', 'VoucherType', 'VoucherNo']),
          RowNo: rowNo,
          VoucherDate: date,
          AccountingPeriod: period,
          Account: this.random.pick(ACCOUNTS),
          CodeB: this.random.pick(['B100', 'B200', 'B300', 'B400']),
          CodeC: null,
          CodeD: null,
          DebetAmount: debit,
          CreditAmount: credit,
          Amount: amount,
          CurrencyDebetAmount: debit,
          CurrencyCreditAmount: credit,
          CurrencyAmount: amount,
          CurrencyCode: 'SEK',
          CurrencyRate: '1',
          Text: `Row ${rowNo}`,
          EntryDate: date,
        }),
      );
    }
    this.vouchers.push(voucher);
    return voucher;
  }

  addInvoice(dateMs: number): SimRow {
    const invoiceId = this.nextInvoiceId++;
    const supplier = this.random.pick(this.suppliers);
    const gross = this.random.decimal(100, 90000, 2);
    const invoice = this.row(this.now(), {
      Company: this.company,
      InvoiceId: invoiceId,
      InvoiceNo: `INV-${invoiceId}`,
      Identity: String(supplier.values.SupplierId),
      InvoiceDate: isoDate(dateMs),
      DueDate: isoDate(dateMs + 30 * DAY_MS),
      ArrivalDate: isoDate(dateMs + DAY_MS),
      Currency: 'SEK',
      GrossCurrAmount: gross,
      GrossDomAmount: gross,
      PoRefNumber: null,
      Objstate: this.random.pick(['Preliminary', 'AwaitAuthorization', 'PostingAuthorized']),
    });
    this.invoices.push(invoice);
    return invoice;
  }

  addOrder(dateMs: number, lineCount: number): SimOrder {
    const orderNo = `P${String(this.nextOrder++).padStart(6, '0')}`;
    const supplier = this.random.pick(this.suppliers);
    const order: SimOrder = {
      ...this.row(this.now(), {
        OrderNo: orderNo,
        Contract: 'S1',
        VendorNo: String(supplier.values.SupplierId),
        OrderDate: isoDate(dateMs),
        CurrencyCode: 'SEK',
        BuyerCode: 'BUYER1',
        AuthorizeCode: 'AUTH1',
        Objstate: this.random.pick(['Planned', 'Released', 'Confirmed', 'Closed']),
      }),
      lines: [],
    };
    for (let line = 1; line <= lineCount; line++) {
      const qty = String(this.random.int(1, 40));
      const price = this.random.decimal(1, 900, 2);
      order.lines.push(
        this.row(this.now(), {
          OrderNo: orderNo,
          LineNo: String(line),
          ReleaseNo: '1',
          PartNo: `PART-${this.random.int(1, 500)}`,
          Description: `Line ${line}`,
          BuyQtyDue: qty,
          BuyUnitPrice: price,
          NetAmtCurr: multiply(qty, price),
          CurrencyCode: 'SEK',
          Objstate: 'Released',
        }),
      );
    }
    this.orders.push(order);
    return order;
  }

  /**
   * `n` steps of business: each day a voucher entered, an invoice and an order arrive (dated today), one
   * reference record is edited (new ETag), and one older voucher is updated to GL (it moves sets;
   * nothing about it changes, so a reader that reads both sets sees no change).
   */
  advance(n: number): StoreChange[] {
    const changes: StoreChange[] = [];
    for (let step = 0; step < n; step++) {
      this.clockMs += DAY_MS / 4;
      const today = this.clockMs;
      const voucher = this.addVoucher(today);
      changes.push({ entity: 'vouchers', key: voucherKey(voucher) });
      for (const row of voucher.rows)
        changes.push({ entity: 'voucher_rows', key: [...voucherKey(voucher), Number(row.values.RowNo)] });
      if (step % 2 === 0) {
        const invoice = this.addInvoice(today);
        changes.push({ entity: 'supplier_invoices', key: [this.company, Number(invoice.values.InvoiceId)] });
      }
      if (step % 3 === 0) {
        const order = this.addOrder(today, this.random.int(1, 3));
        changes.push({ entity: 'purchase_orders', key: [String(order.values.OrderNo)] });
        for (const line of order.lines)
          changes.push({
            entity: 'purchase_order_lines',
            key: [String(order.values.OrderNo), String(line.values.LineNo), '1'],
          });
      }
      const reference = step % 3;
      if (reference === 0) {
        const supplier = this.random.pick(this.suppliers);
        supplier.values.Name = `${String(supplier.values.Name).replace(/ \(\d+\)$/, '')} (${step + 1})`;
        this.touch(supplier);
        changes.push({ entity: 'suppliers', key: [String(supplier.values.SupplierId)] });
      } else if (reference === 1) {
        const account = this.random.pick(this.accounts);
        account.values.Description = `Account ${String(account.values.Account)} rev ${step + 1}`;
        this.touch(account);
        changes.push({ entity: 'gl_accounts', key: [this.company, String(account.values.Account)] });
      } else {
        const value = this.random.pick(this.codePartValues);
        value.values.Description = `${String(value.values.CodePartValue)} rev ${step + 1}`;
        this.touch(value);
        changes.push({
          entity: 'code_part_values',
          key: [this.company, String(value.values.CodePart), String(value.values.CodePartValue)],
        });
      }
      const waiting = this.vouchers.find((candidate) => !candidate.updatedToGl && candidate !== voucher);
      if (waiting !== undefined) waiting.updatedToGl = true;
    }
    return dedupe(changes);
  }

  voucherRows(): SimRow[] {
    return this.vouchers.flatMap((voucher) => voucher.rows);
  }

  orderLines(): SimRow[] {
    return this.orders.flatMap((order) => order.lines);
  }

  /** Per entity, rows and exact sums over everything the service user may see (both voucher sets). */
  controlTotals(): ControlTotals {
    const values = (rows: readonly SimRow[]) => rows.map((row) => row.values);
    return {
      gl_accounts: entityTotals(values(this.accounts), []),
      code_part_values: entityTotals(values(this.codePartValues), []),
      suppliers: entityTotals(values(this.suppliers), []),
      vouchers: entityTotals(values(this.vouchers), []),
      voucher_rows: entityTotals(values(this.voucherRows()), ['DebetAmount', 'CreditAmount']),
      supplier_invoices: entityTotals(values(this.invoices), ['GrossDomAmount']),
      purchase_orders: entityTotals(values(this.orders), []),
      purchase_order_lines: entityTotals(values(this.orderLines()), ['NetAmtCurr']),
    };
  }

  /** Debit and credit per accounting period (`YYYY-PP`), for reconciling a ledger by period. */
  periodTotals(): Record<
    string,
    { readonly rows: number; readonly DebetAmount: string; readonly CreditAmount: string }
  > {
    const byPeriod = new Map<string, SimRow[]>();
    for (const row of this.voucherRows()) {
      const period = `${String(row.values.AccountingYear)}-${String(row.values.AccountingPeriod).padStart(2, '0')}`;
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), row]);
    }
    return Object.fromEntries(
      [...byPeriod.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([period, rows]) => [
          period,
          {
            rows: rows.length,
            DebetAmount: addDecimals(rows.map((row) => row.values.DebetAmount as string | null)),
            CreditAmount: addDecimals(rows.map((row) => row.values.CreditAmount as string | null)),
          },
        ]),
    );
  }
}

export function voucherKey(voucher: SimRow): [string, number, string, number] {
  const v = voucher.values;
  return [String(v.Company), Number(v.AccountingYear), String(v.VoucherType), Number(v.VoucherNo)];
}

function pick(values: Record<string, string | number | null>, names: readonly string[]) {
  return Object.fromEntries(names.map((name) => [name, values[name] ?? null]));
}

function negate(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : amount === '0' || /^0(\.0+)?$/.test(amount) ? amount : `-${amount}`;
}

/** Exact product of a whole quantity and a 2-place price. */
function multiply(quantity: string, price: string): string {
  return addDecimals(Array.from({ length: Number(quantity) }, () => price));
}

function dedupe(changes: readonly StoreChange[]): StoreChange[] {
  const seen = new Map<string, StoreChange>();
  for (const change of changes) seen.set(`${change.entity}${JSON.stringify(change.key)}`, change);
  return [...seen.values()];
}
