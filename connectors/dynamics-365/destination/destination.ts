/**
 * Dynamics 365 Sales as a Destination: `accounts` (vendors and customers) and `salesorders` or
 * `opportunities` (POs with their lines). Nothing to create: `ensureTable` checks the target
 * (`target.ts`) and that the alternate key it writes by exists and is Active, naming the key to create.
 * Each batch reads back what Dataverse holds and sends only what differs (`accounts.ts`, `orders.ts`) in
 * `$batch` requests sized by measurement (at most `batchSize`), paced under the service-protection budget (`pacing.ts`); rows
 * Dataverse refuses are returned rejected with its code and words. A batch sent again writes nothing
 * twice: every write is found by key first.
 */
import type {
  DataRow,
  Destination,
  SchemaChange,
  TargetTable,
  WriteBatch,
  WritePlan,
  WriteResult,
  WrittenRow,
} from '../../../engine/model/index.ts';
import type { Value } from '../../../engine/model/values/index.ts';
import { realSleep } from '../../kit/http/retry.ts';
import { DynamicsClient } from '../client.ts';
import { type DynamicsConnectionConfig, tokenUrlOf } from '../config.ts';
import { type BudgetStatus, Pacer } from '../pacing.ts';
import { BatchSizer } from './batch-sizer.ts';
import { planAccounts, readAccounts, writeAccounts } from './accounts.ts';
import { planOrders, writeOrders } from './orders.ts';
import { planOf, writeResult } from './outcomes.ts';
import { checkTarget, type CheckedTarget } from './target.ts';
import { ACCOUNT_KEY, lookupColumn } from './tables.ts';
import { keyText } from './values.ts';

/**
 * Dataverse answers a busy user 429 with a Retry-After that grows while the client keeps pushing: waited
 * out by Retry-After, up to 30 times within 15 minutes, before the run gives up on that request.
 */
const DATAVERSE_RETRY = { maxAttempts: 30, budgetMs: 15 * 60_000 } as const;

export function dynamicsClient(config: DynamicsConnectionConfig, pacer?: Pacer): DynamicsClient {
  return new DynamicsClient({
    environmentUrl: config.environmentUrl,
    tokenUrl: tokenUrlOf(config),
    clientId: config.clientId,
    clientSecretSecret: config.clientSecretSecret,
    resolveSecret: config.resolveSecret,
    ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
    ...(config.now === undefined ? {} : { now: config.now }),
    retry:
      config.retry === false
        ? false
        : {
            ...DATAVERSE_RETRY,
            ...(config.sleep === undefined ? {} : { sleep: config.sleep }),
            ...(config.now === undefined ? {} : { now: config.now }),
            ...config.retry,
          },
    ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
    ...(pacer === undefined ? {} : { pacer }),
  });
}

export class DynamicsDestination implements Destination {
  readonly pacer: Pacer;
  readonly sizer: BatchSizer;
  private readonly client: DynamicsClient;
  private readonly keys = new Map<string, Promise<string>>();

  constructor(private readonly config: DynamicsConnectionConfig) {
    this.pacer = new Pacer({
      maxConcurrency: config.maxConcurrency,
      requests: config.requestBudget.requests,
      windowMs: config.requestBudget.windowSeconds * 1000,
      now: config.now ?? Date.now,
      sleep: config.sleep ?? realSleep,
    });
    this.client = dynamicsClient(config, this.pacer);
    this.sizer = new BatchSizer(config.batchSize);
  }

  /** The request budget as it stands (requests in the window, waits so far): for progress and the run log. */
  budget(): BudgetStatus {
    return this.pacer.status();
  }

  /** The service-protection budget for the progress line: requests in the sliding window, time waited for it. */
  usage(): string {
    const { used, limit, windowSeconds, waitedMs } = this.budget();
    const count = (n: number) => n.toLocaleString('en-US');
    const waited = waitedMs > 0 ? `, waited ${(waitedMs / 1000).toFixed(1)} s for it` : '';
    return `Dataverse requests ${count(used)} of ${count(limit)} per ${windowSeconds} s${waited}`;
  }

  /** Checks the target and its key once per destination; a refusal is not remembered, so a fix is seen. */
  private async checked(target: TargetTable): Promise<CheckedTarget> {
    const checked = checkTarget(target);
    const requirement =
      checked.kind === 'accounts'
        ? { logicalName: 'account', columns: [ACCOUNT_KEY] }
        : { logicalName: checked.order.table.logicalName, columns: [checked.order.keyColumn] };
    const id = `${requirement.logicalName}:${requirement.columns.join(',')}`;
    let key = this.keys.get(id);
    if (key === undefined) {
      key = this.client.requireActiveKey(requirement);
      this.keys.set(id, key);
      key.catch(() => this.keys.delete(id));
    }
    await key;
    return checked;
  }

  async ensureTable(target: TargetTable): Promise<readonly SchemaChange[]> {
    const checked = await this.checked(target);
    if (checked.kind === 'accounts') await this.client.requireColumns('accounts', checked.columns);
    else {
      const { order } = checked;
      const parts = (part: 'header' | 'line') =>
        order.columns.filter((column) => order.table.columns[column]?.part === part);
      await this.client.requireColumns(order.table.set, [
        order.keyColumn,
        ...parts('header').map((column) =>
          order.table.columns[column]?.lookup === undefined ? column : lookupColumn(column),
        ),
      ]);
      await this.client.requireColumns(order.lineSet, ['lineitemnumber', ...parts('line')]);
    }
    return [];
  }

  async writeBatch(target: TargetTable, batch: WriteBatch): Promise<WriteResult> {
    const checked = await this.checked(target);
    const outcomes =
      checked.kind === 'accounts'
        ? await writeAccounts(this.client, batch.rows, checked, this.sizer)
        : await writeOrders(this.client, checked.order, batch.rows, this.sizer);
    return writeResult(outcomes);
  }

  async plan(target: TargetTable, rows: readonly DataRow[]): Promise<WritePlan> {
    const checked = await this.checked(target);
    return planOf(
      checked.kind === 'accounts'
        ? await planAccounts(this.client, rows, checked)
        : await planOrders(this.client, checked.order, rows),
    );
  }

  /** Accounts as Dataverse holds them now (orders are read whole by the writer, not offered here). */
  async readByKeys(
    target: TargetTable,
    keys: readonly (readonly Value[])[],
  ): Promise<readonly WrittenRow[] | undefined> {
    const checked = checkTarget(target);
    if (checked.kind !== 'accounts') return undefined;
    const numbers = keys.map((key) => key[0]).filter((value): value is string => typeof value === 'string');
    const held = await readAccounts(this.client, numbers, checked.columns);
    return numbers.flatMap((number) => {
      const row = held.get(keyText(number));
      if (row === undefined) return [];
      const values = Object.fromEntries(
        checked.columns.map((column) => [column, (row[column] ?? null) as Value]),
      ) as DataRow;
      return [{ row: values, runId: null, syncedAt: null }];
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function openDynamicsDestination(config: DynamicsConnectionConfig): Promise<Destination> {
  return Promise.resolve(new DynamicsDestination(config));
}
