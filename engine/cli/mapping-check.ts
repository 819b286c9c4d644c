/**
 * The part of validation that needs more than the file: formulas are type-checked against the
 * source's fields, so each stream's mappings are compiled exactly as a run compiles them (same
 * discovery, same lookup tables, same `prepareMapping`), with nothing written anywhere.
 */
import type { LookupTable } from '../mapping/functions/spec.ts';
import { formatPath, streamRunOrder, type EntitySchema, type Problem } from '../model/index.ts';
import { ConnectionPool, type ConnectionOptions } from '../runner/connections.ts';
import { buildLookupTable } from '../runner/lookups.ts';
import type { LoadedPipeline } from '../runner/index.ts';
import { prepareMapping } from '../runner/prepare-stream.ts';
import { errorMessage, oneLine } from './errors.ts';

export async function checkMappings(loaded: LoadedPipeline, connections: ConnectionOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const lookups = lookupTables(loaded, problems);
  const pool = new ConnectionPool(loaded, connections);
  try {
    for (const name of streamRunOrder(loaded.pipeline)) {
      const stream = loaded.pipeline.streams[name]!;
      const discovered = await discoverEntity(pool, stream.source.connection, stream.source.entity);
      if (!discovered.ok) {
        problems.push({
          path: formatPath(['streams', name, 'source']),
          code: 'source-not-checked',
          severity: 'warning',
          message: `field names were not checked against the source (${discovered.reason}); only the fields this stream declares were`,
        });
      }
      try {
        const prepared = prepareMapping(name, stream, discovered.ok ? discovered.entity : undefined, lookups);
        if (prepared.ok) continue;
        // Without the source's schema an undeclared field is unknown here but may well exist there.
        problems.push(...prepared.problems.filter((p) => discovered.ok || p.code !== 'type.unknown-field'));
      } catch (error) {
        problems.push({
          path: formatPath(['streams', name]),
          code: 'mapping',
          severity: 'error',
          message: oneLine(errorMessage(error)),
        });
      }
    }
  } finally {
    await pool.closeAll();
  }
  return problems;
}

type Discovery =
  { readonly ok: true; readonly entity: EntitySchema | undefined } | { readonly ok: false; readonly reason: string };

async function discoverEntity(pool: ConnectionPool, connection: string, entity: string): Promise<Discovery> {
  try {
    const source = await pool.source(connection);
    return { ok: true, entity: (await source.discover()).find((e) => e.entity === entity) };
  } catch (error) {
    return { ok: false, reason: oneLine(errorMessage(error)) };
  }
}

/**
 * A table whose file cannot be read is reported, and an empty table of the declared types stands in
 * for it, so formulas that use it are still type-checked and not reported a second time as unknown.
 */
function lookupTables(loaded: LoadedPipeline, problems: Problem[]): Map<string, LookupTable> {
  const tables = new Map<string, LookupTable>();
  for (const [name, definition] of Object.entries(loaded.pipeline.lookups ?? {})) {
    try {
      tables.set(name, buildLookupTable(name, definition, loaded.dir));
    } catch (error) {
      const message = oneLine(errorMessage(error));
      const prefix = `${formatPath(['lookups', name])}`;
      // The loader's messages start with the JSON path of what is wrong; keep it as the problem's path.
      const match = message.startsWith(prefix) ? /^(\S+): (.*)$/.exec(message) : null;
      problems.push({ path: match?.[1] ?? prefix, message: match?.[2] ?? message, severity: 'error', code: 'lookup' });
      tables.set(name, buildLookupTable(name, { ...definition, rows: [], file: undefined }, loaded.dir));
    }
  }
  return tables;
}
