/**
 * Webhook payloads as employee changes (bamboohr.md §8). New style:
 * `{"type":"employee.updated","timestamp":"...","data":{"companyId","employeeId","changedFields"}}`;
 * legacy: `{"employees":[{"id","action","changedFields","fields","timestamp"}]}` (the nesting of `fields`
 * is unconfirmed, so it is not read: every event becomes a follow-up fetch of the fields the mapping
 * needs, which also means a payload never has to carry data). Company events carry no employee.
 */
export interface EmployeeWebhookEvent {
  readonly employeeId: string;
  readonly action: 'created' | 'updated' | 'deleted';
  readonly changedFields: readonly string[];
  /** As BambooHR wrote it, when it did. */
  readonly occurredAt?: string;
}

type Loose = Readonly<Record<string, unknown>>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function actionOf(text: unknown): EmployeeWebhookEvent['action'] | undefined {
  const lower = typeof text === 'string' ? text.toLowerCase() : '';
  if (lower === 'created' || lower === 'inserted') return 'created';
  if (lower === 'updated') return 'updated';
  if (lower === 'deleted') return 'deleted';
  return undefined;
}

/** The employee events in a payload, or undefined when it is not a BambooHR webhook payload at all. */
export function parseWebhookPayload(body: unknown): EmployeeWebhookEvent[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const payload = body as Loose;
  if (typeof payload.type === 'string') {
    const [subject, verb] = payload.type.split('.');
    if (subject !== 'employee' && subject !== 'employee_with_fields') return [];
    const data = (payload.data ?? {}) as Loose;
    const action = actionOf(verb);
    const id = data.employeeId;
    if (action === undefined || (typeof id !== 'string' && typeof id !== 'number')) return undefined;
    return [
      {
        employeeId: String(id),
        action,
        changedFields: strings(data.changedFields),
        ...(typeof payload.timestamp === 'string' ? { occurredAt: payload.timestamp } : {}),
      },
    ];
  }
  if (Array.isArray(payload.employees)) {
    const events: EmployeeWebhookEvent[] = [];
    for (const raw of payload.employees as unknown[]) {
      const entry = (raw ?? {}) as Loose;
      const action = actionOf(entry.action);
      if (action === undefined || (typeof entry.id !== 'string' && typeof entry.id !== 'number')) return undefined;
      events.push({
        employeeId: String(entry.id),
        action,
        changedFields: strings(entry.changedFields),
        ...(typeof entry.timestamp === 'string' ? { occurredAt: entry.timestamp } : {}),
      });
    }
    return events;
  }
  return undefined;
}
