/** Reading the studio's figure tables by column header and row header, as a person reads them. */
import type { Locator } from 'playwright-core';

export async function rowFigures(table: Locator, rowHeader: string, columns: readonly string[]): Promise<string[]> {
  const headers = (await table.locator('thead th').allTextContents()).map((text) => text.trim());
  const row = table
    .locator('tbody tr')
    .filter({ has: table.page().getByRole('rowheader', { name: rowHeader, exact: true }) });
  const cells = row.locator('th, td');
  return Promise.all(
    columns.map(async (column) => {
      const index = headers.indexOf(column);
      if (index < 0) throw new Error(`No column "${column}" in ${headers.join(', ')}`);
      return ((await cells.nth(index).textContent()) ?? '').trim();
    }),
  );
}

/** A stream's row of the write plan (the CSV example's `gl_lines` unless named). */
export async function planFigures(plan: Locator, stream = 'gl_lines'): Promise<Record<string, string>> {
  const columns = ['Rows to read', 'Inserts', 'Updates', 'Unchanged', 'Held'];
  const values = await rowFigures(plan, stream, columns);
  return Object.fromEntries(columns.map((column, i) => [column, values[i]!]));
}
