/**
 * The list query the simulator understands. UNCONFIRMED as a whole: SBA query filtering, `$filter` and
 * paging are not documented publicly (dynamics-gp.md §5). SBA URLs are OData-shaped (`Items(key)`), so
 * the simulator takes a small OData subset and says so: `$filter` with `eq ne gt ge lt le`, `and`,
 * `or` and parentheses over ModifiedDate, the entity key and TransactionState; `$top`; `$skip`.
 * ModifiedDate literals must carry date AND time, as GP's ModifiedDate criteria require (§5, §8.6:
 * "UTC ModifiedDate filtering that requires full date+time"; confirmed for SOAP). They are UTC.
 */
import { Timestamp } from '../../../engine/model/values/index.ts';
import type { SimRecord } from './entities.ts';

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'compare'; readonly field: string; readonly op: Comparison; readonly value: string | number };

export class FilterError extends Error {}

const TOKEN = /\s*(\(|\)|'(?:[^']|'')*'|datetime'[^']*'|[A-Za-z_][A-Za-z0-9_]*|-?\d[\d\-:.TZ+]*)/y;
const FULL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null || match[1] === undefined)
      throw new FilterError(`$filter: cannot read the text at character ${at + 1}`);
    tokens.push(match[1]);
  }
  return tokens;
}

/**
 * Parses `$filter` for an entity whose key field is `keyField`; `extraFields` are text fields the entity
 * also lets a client filter on (a journal's Reference). Throws FilterError with a plain reason.
 */
export function parseFilter(text: string, keyField: string, extraFields: readonly string[] = []): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (): string => {
    const token = tokens[pos++];
    if (token === undefined) throw new FilterError('$filter ends too early');
    return token;
  };
  const fields = new Map([
    ['modifieddate', 'ModifiedDate'],
    ['transactionstate', 'TransactionState'],
    ...extraFields.map((name) => [name.toLowerCase(), name] as const),
    [keyField.toLowerCase(), keyField],
  ]);
  const binary = (kind: 'and' | 'or', operand: () => FilterNode): FilterNode => {
    let left = operand();
    while (peek()?.toLowerCase() === kind) {
      pos++;
      left = { kind, left, right: operand() };
    }
    return left;
  };
  const expression = (): FilterNode => binary('or', () => binary('and', factor));
  const factor = (): FilterNode => {
    if (peek() === '(') {
      pos++;
      const inner = expression();
      if (take() !== ')') throw new FilterError("$filter: expected ')'");
      return inner;
    }
    const field = take();
    if (!fields.has(field.toLowerCase())) throw new FilterError(`$filter: cannot filter on ${field}`);
    const op = take().toLowerCase();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new FilterError(`$filter: unknown operator ${op}`);
    return {
      kind: 'compare',
      field: fields.get(field.toLowerCase()) ?? field,
      op: op as Comparison,
      value: literal(take(), field),
    };
  };
  const tree = expression();
  if (pos !== tokens.length) throw new FilterError(`$filter: unexpected ${tokens[pos] ?? ''}`);
  return tree;
}

function literal(token: string, field: string): string | number {
  if (field.toLowerCase() === 'modifieddate') {
    const text = token.startsWith("datetime'")
      ? token.slice(9, -1)
      : token.startsWith("'")
        ? token.slice(1, -1)
        : token;
    if (!FULL_DATETIME.test(text))
      throw new FilterError(`ModifiedDate needs a date and a time in UTC, e.g. 2024-03-05T14:22:31Z, not ${token}`);
    const parsed = Timestamp.tryParse(text, 'UTC');
    if (parsed === undefined) throw new FilterError(`ModifiedDate ${token} is not a valid date and time`);
    return parsed.toEpochMillis();
  }
  if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
  const number = Number(token);
  if (!Number.isSafeInteger(number)) throw new FilterError(`$filter: ${token} is not a value`);
  return number;
}

export function matches(node: FilterNode, record: SimRecord, keyField: string): boolean {
  if (node.kind !== 'compare') {
    return node.kind === 'and'
      ? matches(node.left, record, keyField) && matches(node.right, record, keyField)
      : matches(node.left, record, keyField) || matches(node.right, record, keyField);
  }
  const actual =
    node.field === 'ModifiedDate'
      ? record.modifiedMs
      : node.field === keyField
        ? record.key
        : record.fields[node.field];
  if (typeof actual !== typeof node.value) return false;
  const order = (actual as string | number) < node.value ? -1 : (actual as string | number) > node.value ? 1 : 0;
  switch (node.op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/** List order: ModifiedDate, then key (ordinal for text). Unconfirmed; stable so paging is deterministic. */
export function compareRecords(a: SimRecord, b: SimRecord): number {
  if (a.modifiedMs !== b.modifiedMs) return a.modifiedMs - b.modifiedMs;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
