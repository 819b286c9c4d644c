import { describe, expect, it } from 'vitest';
import { readSoapEnvelope, type SoapFault } from '../kit/soap/envelope.ts';
import { rfcFaultError, rfcServiceInactiveError } from './rfc-errors.ts';

function fault(name: string): SoapFault {
  const message = readSoapEnvelope(
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>${name}</faultstring></s:Fault></s:Body></s:Envelope>`,
  );
  if (message.kind !== 'fault') throw new Error('not a fault');
  return message.fault;
}

const READ = { functionName: 'RFC_READ_TABLE', table: 'LFA1' };

describe('SAP RFC faults', () => {
  it('retries only COMMUNICATION_FAILURE', () => {
    expect(rfcFaultError(fault('COMMUNICATION_FAILURE'), READ).transient).toBe(true);
    for (const name of [
      'NOT_AUTHORIZED',
      'DATA_BUFFER_EXCEEDED',
      'SYSTEM_FAILURE',
      'FIELD_NOT_VALID',
      'OPTION_NOT_VALID',
    ])
      expect(rfcFaultError(fault(name), READ).transient).toBe(false);
  });

  it('says NOT_AUTHORIZED and DATA_BUFFER_EXCEEDED in words to act on', () => {
    const denied = rfcFaultError(fault('NOT_AUTHORIZED'), READ);
    expect(denied.code).toBe('SAP_NOT_AUTHORIZED');
    expect(denied.message).toMatch(/may not read LFA1 .*S_TABU_DIS/);
    const wide = rfcFaultError(fault(' DATA_BUFFER_EXCEEDED '), READ);
    expect(wide.code).toBe('SAP_DATA_BUFFER_EXCEEDED');
    expect(wide.message).toMatch(/512 characters/);
  });

  it('keeps an unknown exception name in the message', () => {
    expect(rfcFaultError(fault('TABLE_WITHOUT_DATA'), READ).message).toContain('TABLE_WITHOUT_DATA');
  });

  it('tells an SAP administrator which SICF node to activate and which authorizations to grant', () => {
    const error = rfcServiceInactiveError(403);
    expect(error.code).toBe('SAP_RFC_SERVICE_INACTIVE');
    expect(error.message).toContain('/sap/bc/soap/rfc');
    expect(error.options.help).toMatch(/default_host\/sap\/bc\/soap\/rfc.*SICF.*S_RFC.*SDTX.*S_TABU_DIS/);
  });
});
