/**
 * Deterministic GP company data: the same seed and size give the same records, byte for byte.
 * Names include commas, quotes, ampersands and accents so clients meet real-world text.
 */
import { GpDateTime, gpDate, money, type SimFields } from './gp-values.ts';
import type { SimRecord, TransactionState } from './entities.ts';

export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32: small, fast, and the same on every machine. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** An amount in cents: mostly everyday sizes, now and then one too large for a float to sum exactly. */
  cents(): bigint {
    const roll = this.next();
    if (roll < 0.02) return BigInt(this.int(1, 9_999_999)) * 1_000_000n + BigInt(this.int(0, 999_999));
    if (roll < 0.2) return BigInt(this.int(100_000, 99_999_999));
    return BigInt(this.int(1, 2_500_000));
  }
}

const NAMES = [
  'Fabrikam, Inc.',
  'Contoso Ltd.',
  'Müller & Söhne GmbH',
  'O\'Brien "Quality" Supply',
  'Acme (Bermuda) Holdings',
  'Northwind Traders',
  'Ångström Lab AB',
  'Blue Yonder, LLC',
];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Fargo', 'ND', '58104'],
  ['Chicago', 'IL', '60601'],
  ['Seattle', 'WA', '98101'],
  ['Québec', 'QC', 'G1R 4P5'],
];
const ACCOUNT_WORDS = [
  'Cash',
  'Accounts Payable',
  'Inventory',
  'Freight',
  'Office Supplies',
  'Travel, Meals & Entertainment',
  'Sales Tax Payable',
  'Rent',
];
export const SIM_EPOCH_MS = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const BASE_DAY = SIM_EPOCH_MS / DAY;

export function accountNumber(index: number): string {
  const division = ['000', '100', '200'][index % 3] ?? '000';
  return `${division}-${String(1000 + Math.floor(index / 3) * 10).padStart(4, '0')}-00`;
}

export function glAccount(index: number, random: SeededRandom, modifiedMs: number, createdMs: number): SimRecord {
  const main = 1000 + Math.floor(index / 3) * 10;
  const fields: SimFields = {
    AccountNumber: accountNumber(index),
    AccountIndex: index + 1,
    Description: `${random.pick(ACCOUNT_WORDS)} ${index + 1}`,
    Alias: '',
    IsActive: random.next() > 0.05,
    PostingType: main % 10_000 < 4000 ? 'Balance Sheet' : 'Profit and Loss',
    TypicalBalance: main % 10_000 < 2000 ? 'Debit' : 'Credit',
    GLAccountCategory: random.int(1, 48),
    CreatedDate: gpDate(Math.floor(createdMs / DAY)),
  };
  return { key: fields.AccountNumber as string, modifiedMs, fields };
}

export function vendor(index: number, random: SeededRandom, modifiedMs: number): SimRecord {
  const id = `V${String(index + 1).padStart(5, '0')}`;
  const name = `${random.pick(NAMES)} ${index + 1}`;
  const [city, state, postal] = random.pick(CITIES);
  const fields: SimFields = {
    VendorId: id,
    Name: name,
    ShortName: name.slice(0, 15),
    CheckName: name,
    IsActive: random.next() > 0.1,
    IsOnHold: random.next() < 0.05,
    IsOneTime: false,
    ClassId: random.pick(['USA-US-I', 'USA-US-C', 'CAN-CA-I']),
    Address: {
      Line1: `${random.int(1, 9999)} Main St.`,
      Line2: '',
      City: city,
      State: state,
      PostalCode: postal,
      CountryRegion: state === 'QC' ? 'Canada' : 'USA',
      Phone1: `555${String(random.int(0, 9_999_999)).padStart(7, '0')}`,
    },
    CreatedDate: gpDate(BASE_DAY - random.int(30, 900)),
  };
  return { key: id, modifiedMs, fields };
}

export function journalEntry(
  journal: number,
  accounts: readonly string[],
  state: TransactionState,
  random: SeededRandom,
  modifiedMs: number,
): SimRecord {
  const lineCount = random.int(2, 4);
  const lines: SimFields[] = [];
  let total = 0n;
  for (let line = 1; line < lineCount; line++) {
    const cents = random.cents();
    total += cents;
    lines.push(glLine(line, random.pick(accounts), cents, 0n));
  }
  lines.push(glLine(lineCount, random.pick(accounts), 0n, total));
  const fields: SimFields = {
    JournalEntry: journal,
    TransactionDate: gpDate(Math.floor(modifiedMs / DAY)),
    BatchSource: 'GL_Normal',
    BatchId: `GL${String(Math.floor(journal / 5)).padStart(6, '0')}`,
    Reference: `Journal ${journal}, accrual`,
    CurrencyId: 'Z-US$',
    SourceDocument: 'GJ',
    TransactionState: state,
    LedgerType: 'Base',
    Lines: lines,
  };
  return { key: journal, modifiedMs, fields };
}

export function glLine(sequence: number, account: string, debitCents: bigint, creditCents: bigint): SimFields {
  // GP sequences journal lines in steps of 16384 (SQNCLINE); one of debit/credit is zero (§4).
  return {
    SequenceNumber: sequence * 16384,
    AccountNumber: account,
    DebitAmount: money(debitCents),
    CreditAmount: money(creditCents),
    Description: `Line ${sequence}`,
  };
}

export function payablesInvoice(
  index: number,
  vendors: readonly SimRecord[],
  state: TransactionState,
  random: SeededRandom,
  modifiedMs: number,
): SimRecord {
  const voucher = String(index + 1).padStart(17, '0');
  const chosen = random.pick(vendors);
  const purchases = random.cents();
  const discount = random.next() < 0.3 ? purchases / 50n : 0n;
  const freight = random.next() < 0.5 ? BigInt(random.int(0, 50_000)) : 0n;
  const misc = random.next() < 0.2 ? BigInt(random.int(0, 9_999)) : 0n;
  const tax = (purchases * 7n) / 100n;
  const fields: SimFields = {
    VoucherNumber: voucher,
    VendorId: chosen.key as string,
    VendorName: chosen.fields.Name ?? null,
    VendorDocumentNumber: `INV-${random.int(10_000, 99_999)}`,
    DocumentDate: gpDate(Math.floor(modifiedMs / DAY) - random.int(0, 20)),
    GeneralLedgerPostingDate: gpDate(Math.floor(modifiedMs / DAY)),
    BatchId: `AP${String(Math.floor(index / 10)).padStart(6, '0')}`,
    CurrencyId: 'Z-US$',
    PurchasesAmount: money(purchases),
    TradeDiscountAmount: money(discount),
    FreightAmount: money(freight),
    MiscellaneousAmount: money(misc),
    TaxAmount: money(tax),
    // DocumentAmount defaults to Purchases + Freight + Misc + Tax - TradeDiscount (§4).
    DocumentAmount: money(purchases + freight + misc + tax - discount),
    Description: `Invoice ${index + 1}`.slice(0, 30),
    PONumber: random.next() < 0.5 ? `PO${String(random.int(1, 999_999)).padStart(6, '0')}` : '',
    TransactionState: state,
  };
  return { key: voucher, modifiedMs, fields };
}

export const PO_STATUSES = ['New', 'Released', 'Change Order', 'Received', 'Closed'] as const;

export function purchaseOrder(
  index: number,
  vendors: readonly SimRecord[],
  random: SeededRandom,
  modifiedMs: number,
): SimRecord {
  const number = `PO${String(index + 1).padStart(6, '0')}`;
  const subtotal = random.cents();
  const freight = BigInt(random.int(0, 20_000));
  const tax = (subtotal * 5n) / 100n;
  const fields: SimFields = {
    PONumber: number,
    VendorId: random.pick(vendors).key as string,
    DocumentDate: gpDate(Math.floor(modifiedMs / DAY) - random.int(0, 10)),
    Status: random.pick(PO_STATUSES),
    CurrencyId: 'Z-US$',
    SubtotalAmount: money(subtotal),
    FreightAmount: money(freight),
    TaxAmount: money(tax),
    TotalAmount: money(subtotal + freight + tax),
    Buyer: random.pick(['sa', 'LESSONUSER1', 'Jan Novák']),
  };
  return { key: number, modifiedMs, fields };
}

export function isDateTime(value: unknown): value is GpDateTime {
  return value instanceof GpDateTime;
}
