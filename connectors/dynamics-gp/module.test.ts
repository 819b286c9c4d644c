/**
 * A GP connection's address as the module reads it: GP Web Services (the ledger) and SBA (vendors,
 * payables, purchasing) each optional, each part that is wrong or missing named at its JSON path in one
 * sentence, and the simulator filling both surfaces' addresses.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../engine/model/index.ts';
import { gpConfig, gpModule } from './module.ts';
import { gpConnectionContext } from './test-support.ts';

const context = gpConnectionContext;

const WS = 'https://gp.example.com:48620/DynamicsGPWebServices/DynamicsGPService.asmx';

describe('a GP connection names the surfaces its streams need', () => {
  it('reads GP Web Services alone, SBA alone, or both; the company key as a number', () => {
    expect(gpConfig(context({ webServicesUrl: WS, companyKey: '-1' }))).toMatchObject({
      webServices: { url: WS, companyKey: -1, currencyType: 'Transactional' },
      addressPath: 'connections.gp.address',
    });
    expect(gpConfig(context({ webServicesUrl: WS, companyKey: 2 })).baseUrl).toBeUndefined();
    const sba = gpConfig(context({ baseUrl: 'https://gp.example.com', company: 'Fabrikam, Inc.' }, 'basic'));
    expect(sba).toMatchObject({ baseUrl: 'https://gp.example.com', company: 'Fabrikam, Inc.' });
    expect(sba.webServices).toBeUndefined();
    expect(
      gpConfig(
        context({ webServicesUrl: WS, companyKey: 1, currencyType: 'Local', baseUrl: 'https://gp', company: 'F' }),
      ),
    ).toMatchObject({ webServices: { currencyType: 'Local' }, baseUrl: 'https://gp', company: 'F' });
  });

  it.each([
    [{}, /^connections\.gp\.address\.webServicesUrl: give GP Web Services' address for the general ledger, or baseUrl/],
    [{ webServicesUrl: WS }, /^connections\.gp\.address\.companyKey: give GP's numeric company id .*not nothing$/],
    [{ webServicesUrl: WS, companyKey: 'TWO' }, /^connections\.gp\.address\.companyKey: .*not TWO$/],
    [{ companyKey: -1 }, /^connections\.gp\.address\.webServicesUrl: a companyKey is given/],
    [{ webServicesUrl: WS, companyKey: -1, currencyType: 'USD' }, /^connections\.gp\.address\.currencyType: /],
    [{ baseUrl: 'https://gp.example.com' }, /^connections\.gp\.address\.company: /],
  ])('%j is refused in one sentence at its part', (address, said) => {
    expect(() => gpConfig(context(address as Connection['address']))).toThrow(said);
  });

  it('refuses Basic for a connection that has only GP Web Services (Windows sign-in only)', () => {
    expect(() => gpConfig(context({ webServicesUrl: WS, companyKey: -1 }, 'basic'))).toThrow(
      /^connections\.gp\.auth\.method: GP Web Services sign in with ntlm or negotiate only/,
    );
  });

  it('points both surfaces at one simulator, the sample company key with them', () => {
    const pointed = gpModule.pointAtSimulator?.(
      { webServicesUrl: WS, companyKey: 3, baseUrl: 'https://gp', company: 'Fabrikam, Inc.', domain: 'CONTOSO' },
      { url: 'http://127.0.0.1:47999' },
      'gp-simulator-ca.pem',
    );
    expect(pointed).toEqual({
      webServicesUrl: 'http://127.0.0.1:47999/DynamicsGPWebServices/DynamicsGPService.asmx',
      companyKey: -1,
      baseUrl: 'http://127.0.0.1:47999',
      company: 'Fabrikam, Inc.',
      domain: 'CONTOSO',
    });
  });
});
