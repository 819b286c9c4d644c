/**
 * GP's company database read directly, for what GP Web Services cannot say: whether a journal date's
 * fiscal period is open (the service has no method to read periods, web-services §4.1, §8.9). Optional:
 * only where the customer grants a SQL login read access. Read-only, one short connection per question
 * (nothing held open between batches, so no reconnect logic), through tedious, a pure-JS SQL Server
 * (TDS) client. The query is parameterized (sp_executesql with typed date parameters); no date is ever
 * written into SQL text. Sign-in is a SQL login; tedious's Windows (`ntlm`) login is not offered.
 */
import { rootCertificates } from 'node:tls';
import { Connection, Request, TYPES, type ConnectionConfiguration } from 'tedious';
import { MlcError } from '../../../engine/model/errors.ts';
import type { ResolveSecret } from '../../kit/auth/secrets.ts';

/** Where the company database is, and the SQL login that reads it (its password by secret name only). */
export interface CompanyDbAddress {
  readonly host: string;
  /** 1433 unless the SQL Server listens elsewhere. */
  readonly port: number;
  /** GP's company database, e.g. TWO for the sample company. */
  readonly database: string;
  readonly user: string;
  readonly passwordSecret: string;
  /** TLS to SQL Server, the server's certificate checked against the system CAs and caCert when given. */
  readonly encrypt: boolean;
  readonly caCert?: string;
}

/** A row of the query's answer, as tedious gives its columns. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Seconds to wait for SQL Server to answer the sign-in and the query. */
const TIMEOUT_MS = 30_000;

export class GpCompanyDb {
  constructor(
    private readonly address: CompanyDbAddress,
    private readonly resolveSecret: ResolveSecret,
  ) {}

  /** Runs one parameterized query and returns its rows; every failure is a plain MlcError without the password. */
  async query(
    statement: string,
    parameters: readonly { readonly name: string; readonly type: 'date'; readonly value: Date }[],
  ): Promise<SqlRow[]> {
    const password = await this.resolveSecret(this.address.passwordSecret);
    const connection = new Connection(this.configuration(password));
    try {
      await this.connect(connection, password);
      return await new Promise<SqlRow[]>((resolve, reject) => {
        const rows: SqlRow[] = [];
        const request = new Request(statement, (error) =>
          error ? reject(this.plainError(error, password)) : resolve(rows),
        );
        for (const parameter of parameters) request.addParameter(parameter.name, TYPES.Date, parameter.value);
        request.on('row', (columns: readonly { metadata: { colName: string }; value: unknown }[]) => {
          rows.push(Object.fromEntries(columns.map((column) => [column.metadata.colName, column.value])));
        });
        connection.execSql(request);
      });
    } finally {
      connection.close();
    }
  }

  private configuration(password: string): ConnectionConfiguration {
    const { host, port, database, user, encrypt, caCert } = this.address;
    return {
      server: host,
      authentication: { type: 'default', options: { userName: user, password } },
      options: {
        port,
        database,
        encrypt,
        trustServerCertificate: false,
        ...(caCert === undefined ? {} : { cryptoCredentialsDetails: { ca: [...rootCertificates, caCert] } }),
        connectTimeout: TIMEOUT_MS,
        requestTimeout: TIMEOUT_MS,
        readOnlyIntent: true,
        appName: 'ml-connector',
      },
    };
  }

  private connect(connection: Connection, password: string): Promise<void> {
    return new Promise((resolve, reject) => {
      connection.connect((error) => (error ? reject(this.plainError(error, password)) : resolve()));
    });
  }

  private get where(): string {
    const { host, port, database } = this.address;
    return `GP's company database ${database} on SQL Server ${host}:${port}`;
  }

  /** SQL Server's answer in plain words naming the database and what to grant; the password scrubbed out. */
  private plainError(error: Error, password: string): MlcError {
    const { user, database } = this.address;
    const number = (error as { number?: unknown }).number;
    const code = (error as { code?: unknown }).code;
    const said = error.message.split(password).join('***');
    const grant = `grant the login "${user}" db_datareader in ${database} (or SELECT on dbo.SY40100, or GP's DYNGRP role there)`;
    if (code === 'ELOGIN' && /Login failed for user/i.test(said))
      return new MlcError(
        'GP_COMPANY_DB_LOGIN',
        `${this.where} refused the SQL login "${user}" (${said}); check address.sqlUser and the secret address.sqlPasswordSecret names, and that SQL Server accepts SQL logins (mixed mode)`,
      );
    if (code === 'ELOGIN' && /Cannot open database/i.test(said))
      return new MlcError(
        'GP_COMPANY_DB_LOGIN',
        `${this.where}: the SQL login "${user}" cannot open it (${said}); check address.companyDatabase, map the login to a user in ${database} and ${grant}`,
      );
    if (number === 229 || number === 230)
      return new MlcError('GP_COMPANY_DB_PERMISSION', `${this.where}: ${said} To check fiscal periods, ${grant}`);
    if (code === 'ESOCKET' || code === 'ETIMEOUT')
      return new MlcError('GP_COMPANY_DB_UNREACHABLE', `${this.where} does not answer (${said})`, {
        transient: true,
      });
    return new MlcError('GP_COMPANY_DB', `${this.where}: ${said}`);
  }
}
