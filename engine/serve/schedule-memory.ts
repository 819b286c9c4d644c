/**
 * The last scheduled time a run was started for, per pipeline file, kept in the service's state folder
 * (`serve-schedule.json`), so after downtime the service knows which times it missed. Written whole to a
 * temporary file and renamed, so a crash leaves the old or the new content, never half of it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SCHEDULE_MEMORY_FILE = 'serve-schedule.json';

export class ScheduleMemory {
  private readonly file: string;
  private readonly lastDue: Map<string, string>;

  constructor(private readonly folder: string) {
    this.file = join(folder, SCHEDULE_MEMORY_FILE);
    this.lastDue = new Map(Object.entries(readRecord(this.file)));
  }

  lastDueAt(path: string): Date | undefined {
    const at = this.lastDue.get(path);
    return at === undefined ? undefined : new Date(at);
  }

  remember(path: string, dueAt: Date): void {
    this.lastDue.set(path, dueAt.toISOString());
    mkdirSync(this.folder, { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(Object.fromEntries(this.lastDue), null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}

function readRecord(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed: unknown = JSON.parse(text);
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof parsed !== 'object' || parsed === null) return record;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') record[key] = value;
  return record;
}
