/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as schedulers such as
 * cron, systemd timers (via conversion) and Windows Task Scheduler wrappers accept. Checked here so
 * a typo is caught when the analyst saves, not at 2 a.m. on the server.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function toNumber(part: string, fieldIndex: number): number | undefined {
  const lower = part.toLowerCase();
  if (fieldIndex === 3 && MONTHS.includes(lower)) return MONTHS.indexOf(lower) + 1;
  if (fieldIndex === 4 && DAYS.includes(lower)) return DAYS.indexOf(lower);
  return /^\d+$/.test(part) ? Number(part) : undefined;
}

function checkField(text: string, fieldIndex: number): string | undefined {
  const field = FIELDS[fieldIndex]!;
  for (const item of text.split(',')) {
    const [range = '', step] = item.split('/');
    if (step !== undefined && !/^[1-9]\d*$/.test(step))
      return `the step "/${step}" in the ${field.name} field is not a positive number`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" in the ${field.name} field is not a value or a range`;
    const values = bounds.map((b) => toNumber(b, fieldIndex));
    for (const [i, value] of values.entries()) {
      if (value === undefined) return `"${bounds[i]}" in the ${field.name} field is not a number`;
      if (value < field.min || value > field.max) {
        return `${value} is outside the ${field.name} field (${field.min}-${field.max})`;
      }
    }
    if (values.length === 2 && values[0]! > values[1]!)
      return `the range "${range}" in the ${field.name} field runs backwards`;
  }
  return undefined;
}

/** A plain-words problem with a cron expression, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    return `a schedule has five fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * *"; found ${parts.length}`;
  }
  for (const [index, part] of parts.entries()) {
    const problem = checkField(part, index);
    if (problem) return problem;
  }
  return undefined;
}
