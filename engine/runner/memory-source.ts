/**
 * An in-memory source for tests whose records can be changed while a run is under way, the way
 * a live ERP keeps posting during a sync. Ordered mode pages by (cursor, key) keyset like a database
 * query "ORDER BY modified, key"; unordered mode pages by offset over insertion order like many APIs.
 */
import type { DataRow, EntitySchema, ReadRequest, Source, SourcePage } from '../model/io.ts';
import { compareValues, type Value } from '../model/values/index.ts';
import { recordKey } from './incremental.ts';

export interface MemoryEntity {
  readonly schema: EntitySchema;
  readonly records: DataRow[];
}

export class MemorySource implements Source {
  /** Called after each page is produced, before the next is read: tests change records here. */
  onPage: ((pageIndex: number) => void) | undefined;
  readonly pagesServed: number[] = [];

  constructor(
    private readonly entities: Map<string, MemoryEntity>,
    readonly orderedByCursor: boolean,
  ) {}

  async discover(): Promise<readonly EntitySchema[]> {
    return [...this.entities.values()].map((entity) => entity.schema);
  }

  /** Inserts or replaces the record with the same key. */
  upsert(entity: string, record: DataRow): void {
    const target = this.entity(entity);
    const key = recordKey(record, target.schema.key);
    const index = target.records.findIndex((existing) => recordKey(existing, target.schema.key) === key);
    if (index >= 0) target.records[index] = record;
    else target.records.push(record);
  }

  records(entity: string): readonly DataRow[] {
    return this.entity(entity).records;
  }

  async *read(request: ReadRequest): AsyncIterable<SourcePage> {
    const entity = this.entity(request.entity);
    const cursorField = request.cursorField;
    const inRange = (record: DataRow): boolean => {
      if (!cursorField) return true;
      const cursor = record[cursorField] ?? null;
      if (request.from && compareValues(cursor, request.from.cursor) < 0) return false;
      if (request.end !== undefined && compareValues(cursor, request.end) >= 0) return false;
      return true;
    };
    let pageIndex = 0;
    if (this.orderedByCursor && cursorField) {
      let after: { cursor: Value; key: string } | undefined;
      for (;;) {
        const page = entity.records
          .filter(inRange)
          .map((record) => ({ record, cursor: record[cursorField] ?? null, key: recordKey(record, request.key) }))
          .filter(
            (item) =>
              !after ||
              compareValues(item.cursor, after.cursor) > 0 ||
              (compareValues(item.cursor, after.cursor) === 0 && item.key > after.key),
          )
          .sort((a, b) => compareValues(a.cursor, b.cursor) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .slice(0, request.pageSize);
        if (page.length === 0) return;
        const last = page[page.length - 1]!;
        after = { cursor: last.cursor, key: last.key };
        this.pagesServed.push(page.length);
        yield { records: page.map((item) => item.record) };
        this.onPage?.(pageIndex++);
      }
    }
    for (let offset = 0; ; offset += request.pageSize) {
      const page = entity.records.slice(offset, offset + request.pageSize);
      if (page.length === 0) return;
      this.pagesServed.push(page.length);
      yield { records: page.filter(inRange) };
      this.onPage?.(pageIndex++);
    }
  }

  async close(): Promise<void> {}

  private entity(name: string): MemoryEntity {
    const entity = this.entities.get(name);
    if (!entity) throw new Error(`The test source has no entity "${name}"`);
    return entity;
  }
}
