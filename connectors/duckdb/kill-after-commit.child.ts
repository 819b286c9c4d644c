/**
 * Child process of crash.test.ts: writes one batch, says so on stdout, then waits to be killed, as a
 * sync would die between the warehouse commit and the run store's commit. Argument: the warehouse file.
 */
import { openDuckDbDestination } from './destination.ts';
import { batchOf, glRow, glTarget } from './test-support.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: kill-after-commit.child.ts WAREHOUSE_FILE');
const destination = await openDuckDbDestination({ path });
const rows = Array.from({ length: 20_000 }, (_, i) => glRow(1 + Math.floor(i / 10), (i % 10) + 1, `${i}.01`));
const result = await destination.writeBatch(glTarget('append'), batchOf(rows, { batchId: 'b1' }));
process.stdout.write(`committed ${result.inserted}\n`);
setInterval(() => undefined, 1000); // stay alive, connection open, until killed
