/**
 * Writes the simulator takes (dynamics-gp.md §3, confirmed shapes): create by POST to the collection,
 * change by PATCH to `Resource(<key>)`, both with `{"Payload": {...}}`; the batch-post action by POST
 * with `GP-Custom-Action: POST` on `PostingServices/System/Batches(<source>;<batch>)`.
 * Only SBA's own objects are written here (vendors); journals and employees are GP Web Services' writes
 * (`web-services/`), as SBA has neither. The batch-post action moves a batch's Work journals to Open. A create answers 201 with the record in a Payload and its address in `Location` (the SBA create
 * response is unconfirmed). Property names and lengths follow the GP object model (§4).
 */
import type { GpEntityDef, SimRecord } from './entities.ts';
import { journalProblem } from './journal-rules.ts';
import { PayloadError, readFields, readPayload, type FieldRule } from './payload.ts';
import { recordFields, toJsonText } from './serialize.ts';
import type { GpStore } from './store.ts';

export interface WriteReply {
  readonly status: number;
  /** JSON text of the answer, or an error message (`error`). */
  readonly body?: string;
  readonly error?: string;
  /** The created record's key, for the Location header. */
  readonly createdKey?: string | number;
}

const MASTER_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  vendors: {
    VendorId: { maxLength: 15 },
    Name: { maxLength: 64 },
    ShortName: { maxLength: 15 },
    CheckName: { maxLength: 64 },
    IsActive: 'boolean',
    IsOnHold: 'boolean',
    IsOneTime: 'boolean',
    ClassId: { maxLength: 15 },
  },
};

export function handleWrite(
  store: GpStore,
  entity: GpEntityDef,
  method: string,
  key: readonly string[] | undefined,
  body: string,
): WriteReply {
  if (!entity.writable || (method !== 'POST' && method !== 'PATCH'))
    return { status: 405, error: `The requested resource does not support http method '${method}'.` };
  if (method === 'POST' && key !== undefined)
    return { status: 405, error: 'Create by POST to the collection, without a key (update with PATCH).' };
  if (method === 'PATCH' && key === undefined)
    return { status: 405, error: 'Update with PATCH on the record, e.g. Resource(<key>).' };
  try {
    const payload = readPayload(body);
    return writeMaster(store, entity, method, key, payload);
  } catch (error) {
    if (error instanceof PayloadError) return { status: 400, error: error.message };
    throw error;
  }
}

function writeMaster(
  store: GpStore,
  entity: GpEntityDef,
  method: string,
  key: readonly string[] | undefined,
  payload: ReturnType<typeof readPayload>,
): WriteReply {
  const fields = readFields(payload, MASTER_FIELDS[entity.id] ?? {}, entity.element);
  const records = store.map(entity.id);
  if (method === 'POST') {
    const id = fields[entity.keyField];
    if (typeof id !== 'string' || id.trim() === '')
      return { status: 400, error: `${entity.element}.${entity.keyField} is required.` };
    if (records.has(id)) return { status: 409, error: `${entity.element} '${id}' already exists.` };
    const record: SimRecord = { key: id, modifiedMs: store.stamp(), fields };
    records.set(id, record);
    return { status: 201, body: `{"Payload":${toJsonText(recordFields(record))}}`, createdKey: id };
  }
  const id = key?.join(';') ?? '';
  const record = records.get(id);
  if (record === undefined) return { status: 404, error: `${entity.element} '${id}' was not found.` };
  if (fields[entity.keyField] !== undefined && fields[entity.keyField] !== id)
    return { status: 400, error: `${entity.element}.${entity.keyField} cannot be changed.` };
  record.fields = { ...record.fields, ...fields };
  record.modifiedMs = store.stamp();
  return { status: 200, body: `{"Payload":${toJsonText(recordFields(record))}}` };
}

/** The batch-post action: every Work journal of the batch becomes Open, or none does when one is refused. */
export function postBatch(store: GpStore, key: readonly string[] | undefined): WriteReply {
  const [source, batch] = key ?? [];
  if (source === undefined || batch === undefined)
    return { status: 400, error: 'Name the batch as Batches(<source>;<batch id>).' };
  const journals = [...store.map('gl_journal_entries').values()].filter(
    (record) =>
      record.fields.BatchSource === source &&
      record.fields.BatchId === batch &&
      record.fields.TransactionState === 'Work',
  );
  if (journals.length === 0) return { status: 404, error: `Batch '${source};${batch}' has no unposted transactions.` };
  for (const journal of journals) {
    const problem = journalProblem(store, journal.fields);
    if (problem !== undefined) return { status: 400, error: `Journal entry ${String(journal.key)}: ${problem}` };
  }
  for (const journal of journals) {
    journal.fields = { ...journal.fields, TransactionState: 'Open' };
    journal.modifiedMs = store.stamp();
  }
  return {
    status: 200,
    body: JSON.stringify({ Payload: { BatchSource: source, BatchId: batch, Posted: journals.length } }),
  };
}
