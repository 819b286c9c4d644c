import { describe, expect, it } from 'vitest';
import { SOAP11_ENV_NS, SoapEnvelopeError, buildSoapEnvelope, buildSoapFault, readSoapEnvelope } from './envelope.ts';
import { el, textAt } from './xml.ts';

const NS = 'http://schemas.microsoft.com/dynamics/gp/2006/01';

describe('SOAP 1.1 envelope', () => {
  it('wraps one body element and reads it back', () => {
    const text = buildSoapEnvelope(el(NS, 'GetThing', [el(NS, 'Name', 'A & <B>')]), { [NS]: 'gp' });
    expect(text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><soap:Envelope /);
    const message = readSoapEnvelope(text);
    expect(message.kind).toBe('body');
    if (message.kind !== 'body') return;
    expect(message.body).toMatchObject({ ns: NS, name: 'GetThing' });
    expect(textAt(message.body, 'Name')).toBe('A & <B>');
  });

  it('reads an empty body (a void response) as no element', () => {
    const message = readSoapEnvelope(`<s:Envelope xmlns:s="${SOAP11_ENV_NS}"><s:Body/></s:Envelope>`);
    expect(message).toEqual({ kind: 'body', body: undefined });
  });

  it('builds and parses a fault into a structure, with its detail', () => {
    const text = buildSoapFault(
      { code: 'Server', message: 'A validation exception has occurred.', detail: [el(NS, 'LogId', 'abc')] },
      { [NS]: 'gp' },
    );
    const message = readSoapEnvelope(text);
    expect(message.kind).toBe('fault');
    if (message.kind !== 'fault') return;
    expect(message.fault.code).toEqual({ ns: SOAP11_ENV_NS, name: 'Server' });
    expect(message.fault.message).toBe('A validation exception has occurred.');
    expect(textAt(message.fault.detail, 'LogId')).toBe('abc');
  });

  it('reads a fault written by another server with its own prefixes', () => {
    const text = `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="${SOAP11_ENV_NS}"><env:Body>
      <env:Fault><faultcode>env:Client</faultcode><faultstring xml:lang="en-US">Business object not found.</faultstring></env:Fault>
      </env:Body></env:Envelope>`;
    const message = readSoapEnvelope(text);
    expect(message).toMatchObject({
      kind: 'fault',
      fault: { code: { ns: SOAP11_ENV_NS, name: 'Client' }, message: 'Business object not found.' },
    });
  });

  it('refuses a document that is not a SOAP 1.1 envelope', () => {
    expect(() => readSoapEnvelope('<html><body>Service Unavailable</body></html>')).toThrow(SoapEnvelopeError);
    expect(() =>
      readSoapEnvelope('<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>'),
    ).toThrow(SoapEnvelopeError);
  });
});
