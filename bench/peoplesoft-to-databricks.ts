/**
 * The PeopleSoft -> Databricks lines of `npm run bench`: runs `peoplesoft-to-databricks-run.ts` in its own
 * process and prints journal lines per second through the shipped example against the same lines read by
 * the PeopleSoft source alone, with PeopleSoft HTTP requests and Databricks SQL statements per 1,000 lines.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./peoplesoft-to-databricks-run.ts', import.meta.url));

interface PeopleSoftToDatabricks {
  rows: number;
  seconds: number;
  readSeconds: number;
  peoplesoft: { httpRequests: number; per1000: number };
  databricks: { sqlStatements: number; per1000: number; copyInto: number };
}

type Row = (name: string, value: string, note?: string) => void;

export function peoplesoftToDatabricksBench(lines: number, row: Row): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, String(lines)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`PeopleSoft -> Databricks ${lines} failed:\n${result.stderr}`);
  const run = JSON.parse(result.stdout.trim().split('\n').pop()!) as PeopleSoftToDatabricks;
  const rate = (seconds: number) => `${Math.round(run.rows / seconds).toLocaleString('en-US')} rows/s`;
  row(`PeopleSoft sim -> Databricks sim, ${run.rows.toLocaleString('en-US')} journal lines`, rate(run.seconds));
  row('PeopleSoft source read alone, same lines (baseline)', rate(run.readSeconds));
  row('load time / read time', `${(run.seconds / run.readSeconds).toFixed(2)}x`, 'what the load adds to the read');
  row(
    '  PeopleSoft requests, Databricks statements per 1,000 lines',
    `${run.peoplesoft.per1000.toFixed(1)}, ${run.databricks.per1000.toFixed(1)}`,
    `${run.peoplesoft.httpRequests} requests (one per 7-day window from 2000 on), ${run.databricks.sqlStatements} statements, ${run.databricks.copyInto} COPY INTO`,
  );
}
