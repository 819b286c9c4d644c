/**
 * RFC over SOAP (`/sap/bc/soap/rfc`): a function module call is the Body's one element, named after the
 * FM (`/` written `_-`) in `urn:sap-com:document:sap:rfc:functions`; imports are unqualified children;
 * a table is `<T><item>…</item></T>` and must be sent (even empty) to come back. The answer is
 * `<FM>.Response` (some stacks `<FM>Response`), in any order and with any prefixes, so it is read by local
 * name. Faults are mapped by `rfc-errors.ts`. Facts with sources: README.md.
 */
import { buildSoapEnvelope, readSoapEnvelope, SoapEnvelopeError, SoapFaultError } from '../kit/soap/envelope.ts';
import { child, childrenNamed, el, type XmlElement, type XmlOut } from '../kit/soap/xml.ts';

export const RFC_NS = 'urn:sap-com:document:sap:rfc:functions';

/** A table's rows as field name -> text. */
export type RfcRow = Readonly<Record<string, string>>;

export interface RfcCall {
  readonly functionName: string;
  /** Scalar imports (flags `X` or ''). */
  readonly imports?: Readonly<Record<string, string>>;
  /** Tables sent, and tables wanted back (an empty array still declares the table). */
  readonly tables?: Readonly<Record<string, readonly RfcRow[]>>;
}

export interface RfcAnswer {
  readonly root: XmlElement;
  /** An export or table element by name. */
  element(name: string): XmlElement | undefined;
  /** A table's rows (each item's children by local name). */
  table(name: string): RfcRow[];
}

/** The body element's name for an FM: `/SAPDS/RFC_READ_TABLE2` is written `_-SAPDS_-RFC_READ_TABLE2`. */
export function rfcElementName(functionName: string): string {
  return functionName.replaceAll('/', '_-');
}

export function buildRfcEnvelope(call: RfcCall): string {
  const imports = Object.entries(call.imports ?? {}).map(([name, value]) => el('', name, value));
  const tables = Object.entries(call.tables ?? {}).map(([name, rows]) =>
    el(
      '',
      name,
      rows.map((row) =>
        el(
          '',
          'item',
          Object.entries(row).map(([field, value]) => el('', field, value)),
        ),
      ),
    ),
  );
  const body: XmlOut = el(RFC_NS, rfcElementName(call.functionName), [...imports, ...tables]);
  return buildSoapEnvelope(body, { [RFC_NS]: 'urn' });
}

/** Reads an answer for `functionName`; a SOAP fault is thrown as `SoapFaultError` (map it with rfc-errors.ts). */
export function readRfcAnswer(text: string, functionName: string): RfcAnswer {
  const message = readSoapEnvelope(text);
  if (message.kind === 'fault') throw new SoapFaultError(message.fault);
  const root = message.body;
  const name = rfcElementName(functionName);
  if (root === undefined || (root.name !== `${name}.Response` && root.name !== `${name}Response`))
    throw new SoapEnvelopeError(
      `SAP answered ${root === undefined ? 'an empty body' : `<${root.name}>`} where ${name}.Response was expected`,
    );
  return {
    root,
    element: (elementName) => child(root, elementName),
    table: (tableName) =>
      childrenNamed(child(root, tableName), 'item').map((item) =>
        Object.fromEntries(item.children.map((field) => [field.name, field.text])),
      ),
  };
}
