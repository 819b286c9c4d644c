/**
 * LOOKUP is a special form, not a library function: its first argument names a lookup table (it is
 * not a value), and its third argument means an as-of date or a default depending on its type.
 * The checker resolves it once; the compilers read the resolution.
 */
import type { CallExpr, Expr } from './ast.ts';
import type { MappingType } from './types.ts';

export const LOOKUP_NAME = 'LOOKUP';

export const LOOKUP_HELP = {
  name: LOOKUP_NAME,
  signature: 'LOOKUP(table, key, [default | as-of date])',
  description:
    'The value a lookup table holds for the key. With a date as third argument, the entry effective on that date ' +
    '(effective-dated tables). With any other third argument, that value when the key is missing. ' +
    'Without one, a missing key holds the row for review. A table of ranges answers with the row whose range ' +
    '(from .. to, both included) holds the key; text keys match ignoring case unless the table matches exactly.',
  example: 'LOOKUP(cost_centers, ACTNUMST)',
} as const;

/** What the checker needs to know about a lookup table. */
export interface LookupInfo {
  readonly keyType: MappingType;
  readonly valueType: MappingType;
  /** Entries carry validity dates, so the table can answer "as of" a date. */
  readonly effectiveDated: boolean;
}

export type LookupMode = 'hold-on-miss' | 'default' | 'as-of';

/** A checked LOOKUP call. `key` and `third` are the call's own argument nodes. */
export interface LookupResolution {
  readonly table: string;
  readonly mode: LookupMode;
  readonly key: Expr;
  /** The default value or the as-of date, per `mode`. */
  readonly third?: Expr;
}

export function isLookupCall(node: Expr): node is CallExpr {
  return node.kind === 'call' && node.name === LOOKUP_NAME;
}

/** The table a LOOKUP names in its first argument: a bare name or a [bracketed] one. */
export function lookupTableName(call: CallExpr): string | undefined {
  const first = call.args[0];
  if (first?.kind !== 'field' || first.path.length !== 1) return undefined;
  const segment = first.path[0];
  return segment?.kind === 'name' ? segment.name : undefined;
}
