/**
 * The optional company-database parts of a `dynamics-gp` connection's address, for the fiscal-period
 * pre-check: `companyDatabase` (e.g. TWO), `sqlServer` (host or host:port, 1433 by default), `sqlUser`
 * (a SQL login) and `sqlPasswordSecret` (the *name* of its password in the keychain, never the
 * password), and `sqlEncrypt` (TLS unless set to false). All four of the first or none: without them nothing changes.
 */
import { secretRef } from '../../../engine/model/schema/common.ts';
import type { AddressPart } from '../../kit/descriptor.ts';
import {
  caCertPart,
  optionalText,
  UnsupportedConnectionError,
  type ConnectionContext,
} from '../../kit/module/connection-parts.ts';
import type { CompanyDbAddress } from './company-db.ts';

/** SQL Server's default port. */
const SQL_SERVER_PORT = 1433;

export const COMPANY_DB_PARTS: readonly AddressPart[] = [
  {
    name: 'companyDatabase',
    label: 'Company database',
    kind: 'text',
    required: false,
    description:
      "Optional: GP's company database on SQL Server (e.g. TWO), read only to check journal dates against GP's fiscal periods before sending (GP Web Services cannot read periods). With sqlServer, sqlUser and sqlPasswordSecret.",
    example: 'TWO',
  },
  {
    name: 'sqlServer',
    label: 'SQL Server',
    kind: 'host',
    required: false,
    description: "The SQL Server holding GP's company database, host or host:port (port 1433 by default).",
    example: 'gpsql.example.com:1433',
  },
  {
    name: 'sqlUser',
    label: 'SQL login',
    kind: 'text',
    required: false,
    description:
      "A SQL Server login (not a Windows account) with db_datareader in the company database, or GP's DYNGRP role there.",
  },
  {
    name: 'sqlPasswordSecret',
    label: 'SQL login password (secret name)',
    // Export and the studio list it with the sign-in's secrets (environment variable, keychain status).
    kind: 'secret',
    required: false,
    description:
      'The name of the stored secret holding the SQL login\'s password (ml-connector secrets set NAME), e.g. "gp_sql_password"; never the password itself.',
  },
  {
    name: 'sqlEncrypt',
    label: 'Encrypt the SQL connection',
    kind: 'text',
    required: false,
    description:
      "true (the default, as Microsoft's own SQL Server drivers now default) uses TLS to SQL Server, its certificate checked against the system CAs and caCertFile. false only for a server without TLS: the login's password then crosses the network merely obfuscated.",
  },
];

const NAMES = ['companyDatabase', 'sqlServer', 'sqlUser', 'sqlPasswordSecret'] as const;

/** `{ companyDb }` when the connection names the company database, `{}` otherwise. */
export function companyDbPart(context: ConnectionContext): { readonly companyDb?: CompanyDbAddress } {
  const where = `connections.${context.name}.address`;
  const given = NAMES.map((name) => optionalText(context, name));
  if (given.every((value) => value === undefined)) return {};
  const missing = NAMES.filter((_, index) => given[index] === undefined);
  if (missing.length > 0)
    throw new UnsupportedConnectionError(
      `${where}.${missing[0]}: the fiscal-period pre-check reads GP's company database with companyDatabase, sqlServer, sqlUser and sqlPasswordSecret together; give ${missing.join(', ')} too, or none of them`,
    );
  const [database, server, user, passwordSecret] = given as string[];
  if (!secretRef.safeParse(passwordSecret).success)
    throw new UnsupportedConnectionError(
      `${where}.sqlPasswordSecret: the name of a stored secret (letters, digits, _ . -), such as "gp_sql_password", not the password itself`,
    );
  const match = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(server!);
  const port = match?.[2] === undefined ? SQL_SERVER_PORT : Number(match[2]);
  if (match === null || port < 1 || port > 65535)
    throw new UnsupportedConnectionError(`${where}.sqlServer: a host or host:port, such as gpsql.example.com:1433`);
  const encrypt = String(context.connection.address.sqlEncrypt ?? 'true');
  if (encrypt !== 'true' && encrypt !== 'false')
    throw new UnsupportedConnectionError(`${where}.sqlEncrypt: true or false, not ${encrypt}`);
  return {
    companyDb: {
      host: match[1]!,
      port,
      database: database!,
      user: user!,
      passwordSecret: passwordSecret!,
      encrypt: encrypt === 'true',
      // The SQL Server's certificate may come from the same internal CA as GP's web server's.
      ...(encrypt === 'true' ? caCertPart(context) : {}),
    },
  };
}
