/**
 * Copied columns (their whole definitions), kept in the studio so a paste works in any stream of any
 * open pipeline. Also offered to the system clipboard as JSON, best effort: a browser may refuse, and
 * the studio's own copy is what a paste reads.
 */
import type { MappingDefinition } from '../../../../engine/model/index.ts';

let copied: Readonly<Record<string, MappingDefinition>> | null = null;

export function copyColumns(columns: Readonly<Record<string, MappingDefinition>>): void {
  copied = columns;
  try {
    void navigator.clipboard?.writeText(JSON.stringify({ columns }, null, 2)).catch(() => undefined);
  } catch {
    // No clipboard access here (permissions, an insecure page): the studio's copy is enough.
  }
}

export function copiedColumns(): Readonly<Record<string, MappingDefinition>> | null {
  return copied;
}
