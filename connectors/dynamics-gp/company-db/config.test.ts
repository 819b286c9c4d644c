/**
 * The company-database parts of a GP connection as the module reads them: all four or none, the
 * password by secret name only, the port 1433 unless given, and nothing changed without them.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionContext } from '../../../engine/model/index.ts';
import { gpConfig, gpModule } from '../module.ts';
import { gpConnectionContext } from '../test-support.ts';

/** A connection with GP Web Services and the company-database parts given. */
function context(address: Connection['address']): ConnectionContext {
  return gpConnectionContext({
    webServicesUrl: 'https://gp:48620/DynamicsGPWebServices/DynamicsGPService.asmx',
    companyKey: -1,
    ...address,
  });
}

const FULL = {
  companyDatabase: 'TWO',
  sqlServer: 'gpsql.example.com',
  sqlUser: 'mlc_reader',
  sqlPasswordSecret: 'gp_sql_password',
};

describe("a GP connection may name GP's company database for the period pre-check", () => {
  it('reads the four parts, the port 1433 unless given, encrypted unless sqlEncrypt is false', () => {
    expect(gpConfig(context(FULL)).companyDb).toEqual({
      host: 'gpsql.example.com',
      port: 1433,
      database: 'TWO',
      user: 'mlc_reader',
      passwordSecret: 'gp_sql_password',
      encrypt: true,
    });
    expect(gpConfig(context({ ...FULL, sqlServer: '10.0.0.5:14330', sqlEncrypt: false })).companyDb).toMatchObject({
      host: '10.0.0.5',
      port: 14330,
      encrypt: false,
    });
    expect(gpConfig(context({})).companyDb).toBeUndefined();
    expect(gpModule.descriptor.addressParts?.map((part) => part.name)).toEqual(
      expect.arrayContaining(['companyDatabase', 'sqlServer', 'sqlUser', 'sqlPasswordSecret', 'sqlEncrypt']),
    );
  });

  it.each([
    [
      { companyDatabase: 'TWO' },
      /^connections\.gp\.address\.sqlServer: .*give sqlServer, sqlUser, sqlPasswordSecret too, or none of them$/,
    ],
    [
      { ...FULL, sqlPasswordSecret: 'pass word!' },
      /^connections\.gp\.address\.sqlPasswordSecret: the name of a stored secret/,
    ],
    [{ ...FULL, sqlServer: 'gpsql:99999' }, /^connections\.gp\.address\.sqlServer: a host or host:port/],
    [{ ...FULL, sqlEncrypt: 'yes' }, /^connections\.gp\.address\.sqlEncrypt: true or false, not yes$/],
  ])('%j is refused at its part', (address, said) => {
    expect(() => gpConfig(context(address as Connection['address']))).toThrow(said);
  });
});
