/** What an operation of the simulated service works with: the company database, the list cap, the Context's currency type. */
import type { GpStore } from '../store.ts';

export interface OperationContext {
  readonly store: GpStore;
  /** Items a list returns at most (facts §5: 1,000). */
  readonly listCap: number;
  readonly currencyType: 'Transactional' | 'Local';
}
