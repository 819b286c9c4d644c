/**
 * Records confirmed through their BAPI (`bapiDetails` on a stream): BAPI_VENDOR_GETDETAIL,
 * BAPI_CUSTOMER_GETDETAIL2 (RETURN a structure, BAPIRET1) or BAPI_PO_GETDETAIL (RETURN a table). A BAPI
 * reports a business error as HTTP 200 with RETURN TYPE E or A (sap-ecc.md §3), not as a fault: such a
 * record is held with SAP's own message, and the run goes on. Where SAP's authorizations per company code
 * (F_LFA1_BUK, F_KNA1_BUK) are narrower than the table reads', this is where they show.
 */
import type { SapRfcClient } from './client.ts';
import type { SapConnectionConfig } from './config.ts';
import type { RfcAnswer, RfcCall, RfcRow } from './rfc-xml.ts';
import type { SapRecord } from './slice-read.ts';
import { CUSTOMERS, VENDORS, type SapStream } from './streams.ts';

/** A BAPI's RETURN messages of type E or A, from the structure or the table. */
export function bapiErrors(answer: RfcAnswer): RfcRow[] {
  const structure = answer.element('RETURN');
  const rows: RfcRow[] =
    structure !== undefined && structure.children.some((c) => c.name === 'TYPE')
      ? [Object.fromEntries(structure.children.map((c) => [c.name, c.text]))]
      : answer.table('RETURN');
  return rows.filter((row) => row.TYPE === 'E' || row.TYPE === 'A');
}

/** Index of each record SAP's BAPI refused -> the message to hold it with. */
export async function confirmByBapi(
  client: SapRfcClient,
  config: SapConnectionConfig,
  stream: SapStream,
  records: readonly SapRecord[],
): Promise<Map<number, string>> {
  const held = new Map<number, string>();
  const done = new Map<string, string | undefined>();
  for (const [index, record] of records.entries()) {
    const key = String(record.row[stream.keyColumn] ?? '');
    if (!done.has(key)) done.set(key, await refusal(client, config, stream, key));
    const message = done.get(key);
    if (message !== undefined) held.set(index, message);
  }
  return held;
}

async function refusal(
  client: SapRfcClient,
  config: SapConnectionConfig,
  stream: SapStream,
  key: string,
): Promise<string | undefined> {
  const call: RfcCall =
    stream === VENDORS
      ? { functionName: 'BAPI_VENDOR_GETDETAIL', imports: { VENDORNO: key, COMPANYCODE: config.companyCode } }
      : stream === CUSTOMERS
        ? { functionName: 'BAPI_CUSTOMER_GETDETAIL2', imports: { CUSTOMERNO: key, COMPANYCODE: config.companyCode } }
        : { functionName: 'BAPI_PO_GETDETAIL', imports: { PURCHASEORDER: key, ITEMS: '' }, tables: { RETURN: [] } };
  const errors = bapiErrors(await client.call(call));
  if (errors.length === 0) return undefined;
  const words = errors.map((row) =>
    `${row.TYPE} ${(row.ID ?? '') + (row.NUMBER ?? row.CODE ?? '')}: ${row.MESSAGE ?? ''}`.trim(),
  );
  return `SAP's ${call.functionName} refused ${key}: ${words.join('; ')}`;
}
