/**
 * What the client puts on the wire, read back from a recording server: the shape a real JAXB client of
 * the legacy WSDL sends (facts §3.1, S30): SOAPAction, Context with `xsi:type` CompanyKey, the
 * GLTransaction's elements in WSDL order, amounts as `xsi:type` MoneyAmount with their exact digits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildSoapEnvelope, readSoapEnvelope } from '../../kit/soap/envelope.ts';
import { child, childrenNamed, el, textAt, type XmlElement } from '../../kit/soap/xml.ts';
import { startLoopback, type LoopbackServer } from '../../kit/testing/loopback.ts';
import { GpWebServicesClient } from './client.ts';
import { DYNAMICS_NS, GP_NS, GP_PREFIXES } from './wire.ts';

let server: LoopbackServer | undefined;
let client: GpWebServicesClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

async function sent(call: (client: GpWebServicesClient) => Promise<unknown>, operation: string): Promise<XmlElement> {
  server = await startLoopback((_request, response) => {
    const body = buildSoapEnvelope(el(GP_NS, `${operation}Response`, []), GP_PREFIXES);
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    response.end(body);
  });
  client = new GpWebServicesClient({
    url: `${server.url}/DynamicsGPWebServices/DynamicsGPService.asmx`,
    companyKey: -1,
    auth: { method: 'ntlm', domain: 'CONTOSO', user: 'gp.sync', passwordSecret: 'gp' },
    resolveSecret: () => Promise.resolve('pass@word1'),
    retry: false,
  });
  await call(client);
  const request = server.seen.at(-1);
  expect(request?.method).toBe('POST');
  expect(request?.url).toBe('/DynamicsGPWebServices/DynamicsGPService.asmx');
  expect(request?.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(request?.headers.soapaction).toBe(`"http://schemas.microsoft.com/dynamics/gp/2006/01/${operation}"`);
  const message = readSoapEnvelope(request?.body ?? '');
  if (message.kind !== 'body' || message.body === undefined) throw new Error('no request body element');
  expect(message.body).toMatchObject({ ns: GP_NS, name: operation });
  return message.body;
}

const names = (element: XmlElement | undefined): string[] => element?.children.map((c) => c.name) ?? [];

describe('GP Web Services requests on the wire', () => {
  it('CreateGLTransaction: glTransaction, context, policy; the journal in WSDL order, JournalId nil, amounts exact', async () => {
    const body = await sent(
      (c) =>
        c.createGLTransaction({
          batchId: 'PAYROLL-03',
          date: '2025-03-31',
          reference: 'Payroll <March> & co',
          lines: [
            { accountNumber: '000-6100-00', debit: '12345678901234.56', credit: '0.00', description: 'Salaries' },
            { accountNumber: '000-2110-00', debit: '0.00', credit: '12345678901234.56' },
          ],
        }),
      'CreateGLTransaction',
    );
    expect(names(body)).toEqual(['glTransaction', 'context', 'policy']);
    const journal = child(body, 'glTransaction');
    expect(names(journal)).toEqual([
      'Key',
      'BatchKey',
      'CurrencyKey',
      'Lines',
      'Reference',
      'ExchangeRate',
      'ExchangeDate',
      'LedgerType',
      'IsVoided',
      'ModifiedDate',
      'TransactionState',
    ]);
    expect(child(child(journal, 'Key'), 'JournalId')?.nil).toBe(true);
    expect(textAt(journal, 'Key', 'Date')).toBe('2025-03-31T00:00:00');
    expect(textAt(journal, 'BatchKey', 'Source')).toBe('GL_Normal');
    expect(textAt(journal, 'Reference')).toBe('Payroll <March> & co');
    const [first] = childrenNamed(child(journal, 'Lines'), 'GLTransactionLine');
    expect(names(first)).toEqual([
      'Key',
      'CreditAmount',
      'DebitAmount',
      'Description',
      'GLAccountKey',
      'ExchangeRate',
      'ExchangeDate',
    ]);
    const debit = child(first, 'DebitAmount');
    expect(debit?.type).toEqual({ ns: GP_NS, name: 'MoneyAmount' });
    expect(names(debit)).toEqual(['Currency', 'Value', 'DecimalDigits']);
    expect(textAt(debit, 'Value')).toBe('12345678901234.56');
    expect(textAt(first, 'GLAccountKey', 'Id')).toBe('000-6100-00');
    expect(textAt(first, 'GLAccountKey', 'IsEncrypted')).toBe('false');
    expect(textAt(body, 'policy', 'Key', 'Id')).toBe('ffa3b9a6-fa25-47a2-8179-cb37c695455e');

    const context = child(body, 'context');
    const organization = child(context, 'OrganizationKey', DYNAMICS_NS);
    expect(organization?.type).toEqual({ ns: DYNAMICS_NS, name: 'CompanyKey' });
    expect(textAt(organization, 'Id')).toBe('-1');
    expect(child(context, 'CurrencyType', DYNAMICS_NS)?.text).toBe('Transactional');
  });

  it('GetGLTransactionList: criteria in WSDL order, the unused nillable members xsi:nil', async () => {
    const body = await sent(
      (c) =>
        c.getGLTransactionList({
          modified: { after: '2025-01-01T00:00:00.000Z', before: '2025-02-01T00:00:00.000Z' },
          batchId: 'PAYROLL-03',
          states: ['Open', 'History'],
        }),
      'GetGLTransactionList',
    );
    const criteria = child(body, 'criteria');
    expect(names(criteria)).toEqual(['ModifiedDate', 'BatchId', 'TransactionState']);
    const modified = child(criteria, 'ModifiedDate');
    expect(names(modified)).toEqual(['EqualValue', 'NotEqualValue', 'From', 'To', 'GreaterThan', 'LessThan']);
    expect(modified?.children.filter((c) => c.nil).map((c) => c.name)).toEqual([
      'EqualValue',
      'NotEqualValue',
      'From',
      'To',
    ]);
    expect(textAt(modified, 'GreaterThan')).toBe('2025-01-01T00:00:00.000Z');
    expect(
      childrenNamed(child(child(criteria, 'TransactionState'), 'Items'), 'GLTransactionState').map((s) => s.text),
    ).toEqual(['Open', 'History']);
  });
});
