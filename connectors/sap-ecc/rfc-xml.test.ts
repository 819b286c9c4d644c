import { describe, expect, it } from 'vitest';
import { SoapEnvelopeError, SoapFaultError } from '../kit/soap/envelope.ts';
import { buildRfcEnvelope, readRfcAnswer, rfcElementName } from './rfc-xml.ts';

describe('RFC over SOAP envelopes', () => {
  it('writes the FM as the body element with unqualified imports and declared (even empty) tables', () => {
    const xml = buildRfcEnvelope({
      functionName: 'RFC_READ_TABLE',
      imports: { QUERY_TABLE: 'LFA1', DELIMITER: '|', NO_DATA: '', ROWSKIPS: '0', ROWCOUNT: '500' },
      tables: {
        OPTIONS: [{ TEXT: "NAME1 = 'Müller & Söhne'" }],
        FIELDS: [{ FIELDNAME: 'LIFNR' }, { FIELDNAME: 'NAME1' }],
        DATA: [],
      },
    });
    expect(xml).toContain('xmlns:urn="urn:sap-com:document:sap:rfc:functions"');
    expect(xml).toContain('<urn:RFC_READ_TABLE><QUERY_TABLE>LFA1</QUERY_TABLE>');
    expect(xml).toContain('<OPTIONS><item><TEXT>NAME1 = &apos;Müller &amp; Söhne&apos;</TEXT></item></OPTIONS>');
    expect(xml).toContain(
      '<FIELDS><item><FIELDNAME>LIFNR</FIELDNAME></item><item><FIELDNAME>NAME1</FIELDNAME></item></FIELDS>',
    );
    expect(xml).toContain('<DATA/>');
  });

  it('writes a namespaced FM name with _- for /', () => {
    expect(rfcElementName('/SAPDS/RFC_READ_TABLE2')).toBe('_-SAPDS_-RFC_READ_TABLE2');
  });

  it('reads an answer by local name whatever its prefixes and order, and &#38; as &', () => {
    const answer = readRfcAnswer(
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>
        <rfc:RFC_READ_TABLE.Response xmlns:rfc="urn:sap-com:document:sap:rfc:functions">
          <DATA><item><WA>0000100003|M&#38;S Tooling</WA></item></DATA>
          <FIELDS><item><FIELDNAME>LIFNR</FIELDNAME><OFFSET>000000</OFFSET><LENGTH>000010</LENGTH><TYPE>C</TYPE></item></FIELDS>
          <OPTIONS/>
        </rfc:RFC_READ_TABLE.Response></SOAP-ENV:Body></SOAP-ENV:Envelope>`,
      'RFC_READ_TABLE',
    );
    expect(answer.table('DATA')).toEqual([{ WA: '0000100003|M&S Tooling' }]);
    expect(answer.table('FIELDS')[0]).toMatchObject({ FIELDNAME: 'LIFNR', OFFSET: '000000', LENGTH: '000010' });
    expect(answer.table('OPTIONS')).toEqual([]);
  });

  it('accepts the FMResponse spelling some stacks use', () => {
    const answer = readRfcAnswer(
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><n0:BAPI_PO_GETDETAILResponse xmlns:n0="urn:sap-com:document:sap:rfc:functions"><RETURN/></n0:BAPI_PO_GETDETAILResponse></s:Body></s:Envelope>`,
      'BAPI_PO_GETDETAIL',
    );
    expect(answer.table('RETURN')).toEqual([]);
  });

  it('throws the fault, and refuses an answer for another FM', () => {
    const fault = `<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><soap-env:Fault><faultcode>soap-env:Client</faultcode><faultstring>NOT_AUTHORIZED</faultstring></soap-env:Fault></soap-env:Body></soap-env:Envelope>`;
    expect(() => readRfcAnswer(fault, 'RFC_READ_TABLE')).toThrow(SoapFaultError);
    const other = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r:RFC_PING.Response xmlns:r="urn:sap-com:document:sap:rfc:functions"/></s:Body></s:Envelope>`;
    expect(() => readRfcAnswer(other, 'RFC_READ_TABLE')).toThrow(SoapEnvelopeError);
  });
});
