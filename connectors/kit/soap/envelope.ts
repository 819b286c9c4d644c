/**
 * SOAP 1.1 envelopes (https://www.w3.org/TR/2000/NOTE-SOAP-20000508/): a request or response is
 * `Envelope/Body/<one element>`; a fault is `Body/Fault{faultcode, faultstring, faultactor?, detail?}`,
 * faultcode and faultstring unqualified. Built and read with `xml.ts`, so values are escaped and kept as text.
 */
import { MlcError } from '../../../engine/model/errors.ts';
import { buildXml, child, el, parseXml, qnameValue, type QName, type XmlElement, type XmlOut } from './xml.ts';

export const SOAP11_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** A SOAP 1.1 fault as received. */
export interface SoapFault {
  /** faultcode as a resolved name, e.g. `{SOAP11_ENV_NS}Server` or `{SOAP11_ENV_NS}Client`. */
  readonly code: QName;
  readonly message: string;
  readonly actor: string | undefined;
  readonly detail: XmlElement | undefined;
}

export type SoapMessage =
  | { readonly kind: 'body'; readonly body: XmlElement | undefined }
  | { readonly kind: 'fault'; readonly fault: SoapFault };

/** The envelope is not SOAP 1.1: another root, no Body. (The XML itself was well-formed.) */
export class SoapEnvelopeError extends Error {
  override readonly name = 'SoapEnvelopeError';
}

/** A SOAP fault raised as an error; systems map it to their own codes (`fault` holds what the server said). */
export class SoapFaultError extends MlcError {
  override readonly name = 'SoapFaultError';
  constructor(
    readonly fault: SoapFault,
    message = fault.message,
  ) {
    super('SOAP_FAULT', message);
  }
}

/** The document `<Envelope><Body>body</Body></Envelope>`; `prefixes` names the namespaces (`soap` for the envelope). */
export function buildSoapEnvelope(body: XmlOut, prefixes: Readonly<Record<string, string>> = {}): string {
  return buildXml(el(SOAP11_ENV_NS, 'Envelope', [el(SOAP11_ENV_NS, 'Body', [body])]), {
    [SOAP11_ENV_NS]: 'soap',
    ...prefixes,
  });
}

export interface FaultOut {
  /** `Client` (the request was wrong) or `Server` (the server failed), in the envelope namespace. */
  readonly code: 'Client' | 'Server';
  readonly message: string;
  readonly detail?: readonly XmlOut[];
}

export function buildSoapFault(fault: FaultOut, prefixes: Readonly<Record<string, string>> = {}): string {
  return buildSoapEnvelope(
    el(SOAP11_ENV_NS, 'Fault', [
      // faultcode's value is a QName: the envelope's prefix, which buildSoapEnvelope declares as `soap`.
      el('', 'faultcode', `soap:${fault.code}`),
      el('', 'faultstring', fault.message),
      fault.detail === undefined ? undefined : el('', 'detail', fault.detail),
    ]),
    prefixes,
  );
}

/** Reads a SOAP 1.1 envelope: its one body element, or its fault. Throws XmlSyntaxError / SoapEnvelopeError. */
export function readSoapEnvelope(text: string): SoapMessage {
  const root = parseXml(text);
  if (root.ns !== SOAP11_ENV_NS || root.name !== 'Envelope')
    throw new SoapEnvelopeError(`the document is not a SOAP 1.1 envelope (its root is {${root.ns}}${root.name})`);
  const body = child(root, 'Body', SOAP11_ENV_NS);
  if (body === undefined) throw new SoapEnvelopeError('the SOAP envelope has no Body');
  const first = body.children[0];
  if (first?.ns === SOAP11_ENV_NS && first.name === 'Fault') return { kind: 'fault', fault: readFault(first) };
  return { kind: 'body', body: first };
}

function readFault(fault: XmlElement): SoapFault {
  const code = child(fault, 'faultcode');
  return {
    code: code === undefined ? { ns: '', name: '' } : qnameValue(code, code.text),
    message: child(fault, 'faultstring')?.text ?? '',
    actor: child(fault, 'faultactor')?.text,
    detail: child(fault, 'detail'),
  };
}
