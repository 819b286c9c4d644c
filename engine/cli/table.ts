/** Plain-text tables for a terminal: aligned columns, numbers to the right, long cells cut short. */

export interface TableColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** Cells longer than this are cut with "…" (a description column must not push the rest off screen). */
  readonly maxWidth?: number;
}

export function cell(text: string, maxWidth: number | undefined): string {
  // Tabs and line breaks inside a value would break the alignment of every row after it.
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (maxWidth === undefined || flat.length <= maxWidth) return flat;
  return `${flat.slice(0, Math.max(0, maxWidth - 1))}…`;
}

export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((row) => columns.map((column, index) => cell(row[index] ?? '', column.maxWidth)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => row[index]!.length)),
  );
  const render = (row: readonly string[]) =>
    row
      .map((text, index) =>
        columns[index]!.align === 'right' ? text.padStart(widths[index]!) : text.padEnd(widths[index]!),
      )
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)];
}
