/**
 * A simulator of GP's company database as SQL Server serves it over TDS 7.4 on loopback, for the
 * journal writer's optional fiscal-period pre-check. It serves: PRELOGIN (answered "encryption not
 * supported": no TLS here), LOGIN7 with a SQL login (wrong user or password: SQL Server's error 18456;
 * another database: 4060; Windows/SSPI sign-in: 18452), the session SET options a driver sends after
 * signing in, and the one parameterized query of the pre-check as RPC sp_executesql, answered from the
 * GP simulator's store. Anything else (a plain SQL batch with a query in it, another procedure or
 * statement) is answered with an ERROR token saying the simulator does not support it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { GpStore } from '../store.ts';
import { parseLogin7, preloginEncryption, preloginResponse } from './login.ts';
import { parseRpc, SP_EXECUTESQL, UnsupportedRequest, type RpcCall } from './rpc.ts';
import {
  PERIODS_PARAMETERS,
  PERIODS_STATEMENT,
  periodsOverlapping,
  sameStatement,
  SY40100_COLUMNS,
} from './sy40100.ts';
import {
  collationToken,
  colMetadataToken,
  doneToken,
  envChangeToken,
  errorToken,
  loginAckToken,
  MessageReader,
  PACKET,
  PACKET_SIZE,
  packets,
  returnStatusToken,
  rowToken,
} from './wire.ts';

export interface CompanyDbOptions {
  readonly store: GpStore;
  /** The company database's name (GP's sample company is TWO). */
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  /** The login lacks SELECT on SY40100 (neither db_datareader nor DYNGRP): the query gets error 229. */
  readonly denySelect?: boolean;
}

export interface CompanyDbSimulator {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly credentials: { readonly user: string; readonly password: string };
  /** Pre-check queries answered, and requests refused as unsupported: what tests count. */
  readonly stats: { readonly queries: number; readonly refused: number };
  close(): Promise<void>;
}

export const DEFAULT_SQL_LOGIN = { user: 'mlc_reader', password: 'Sql#Reader-2025' } as const;

/** Only SET statements, one a line: the session options a driver sends right after signing in. */
function sessionOptionsOnly(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every((line) => /^\s*set [a-z0-9_ ]+;?\s*$/i.test(line));
}

export async function startCompanyDbSimulator(options: CompanyDbOptions): Promise<CompanyDbSimulator> {
  const database = options.database ?? 'TWO';
  const user = options.user ?? DEFAULT_SQL_LOGIN.user;
  const password = options.password ?? DEFAULT_SQL_LOGIN.password;
  const stats = { queries: 0, refused: 0 };
  const sockets = new Set<Socket>();

  const serve = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let signedIn = false;
    const reply = (...tokens: Buffer[]): void => {
      for (const packet of packets(PACKET.TABULAR, Buffer.concat(tokens))) socket.write(packet);
    };
    const refuse = (what: string): void => {
      stats.refused += 1;
      reply(
        errorToken(50000, `The GP company-database simulator does not support ${what}.`),
        doneToken(0xfd, { error: true }),
      );
    };
    const reader = new MessageReader((type, payload) => {
      if (type === PACKET.PRELOGIN) {
        const encryption = preloginEncryption(payload);
        reply(preloginResponse());
        // A client that requires encryption cannot go on with a server that has none: SQL Server hangs up.
        if (encryption === 0x01 || encryption === 0x03) socket.end();
      } else if (type === PACKET.LOGIN7) {
        const login = parseLogin7(payload);
        const failed = (number: number, message: string, severity = 14) => {
          reply(errorToken(number, message, severity), doneToken(0xfd, { error: true }));
          socket.end();
        };
        if (login.integrated)
          return failed(
            18452,
            'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
          );
        if (login.user !== user || login.password !== password)
          return failed(18456, `Login failed for user '${login.user}'.`);
        if (login.database.toUpperCase() !== database.toUpperCase())
          return failed(4060, `Cannot open database "${login.database}" requested by the login. The login failed.`, 11);
        signedIn = true;
        reply(
          envChangeToken(1, database, 'master'),
          collationToken(),
          envChangeToken(2, 'us_english'),
          loginAckToken(),
          envChangeToken(4, String(PACKET_SIZE), String(PACKET_SIZE)),
          doneToken(0xfd),
        );
      } else if (!signedIn) {
        socket.destroy();
      } else if (type === PACKET.SQL_BATCH) {
        const text = payload.subarray(payload.readUInt32LE(0)).toString('utf16le');
        if (sessionOptionsOnly(text)) reply(doneToken(0xfd));
        else refuse('a plain SQL batch (send the query with sp_executesql and typed parameters)');
      } else if (type === PACKET.RPC) {
        let call: RpcCall;
        try {
          call = parseRpc(payload);
        } catch (error) {
          if (error instanceof UnsupportedRequest) return refuse(error.message);
          throw error;
        }
        answer(call);
      } else if (type === PACKET.ATTENTION) {
        reply(Buffer.from([0xfd, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
      } else refuse(`TDS messages of type 0x${type.toString(16)}`);
    });

    const answer = (call: RpcCall): void => {
      const statement = call.parameters.get('@statement');
      const declared = call.parameters.get('@params');
      const first = call.parameters.get('@first');
      const last = call.parameters.get('@last');
      if (call.procedure !== SP_EXECUTESQL) return refuse(`the procedure ${String(call.procedure)}`);
      if (typeof statement !== 'string' || !sameStatement(statement, PERIODS_STATEMENT))
        return refuse(`the statement ${JSON.stringify(statement)}`);
      if (typeof declared !== 'string' || !sameStatement(declared, PERIODS_PARAMETERS))
        return refuse(`the parameters ${JSON.stringify(declared)}`);
      if (first === null || last === null || typeof first !== 'object' || typeof last !== 'object')
        return refuse('a date parameter that is not a date');
      if (options.denySelect === true) {
        stats.refused += 1;
        return reply(
          errorToken(
            229,
            `The SELECT permission was denied on the object 'SY40100', database '${database}', schema 'dbo'.`,
            14,
          ),
          doneToken(0xff, { error: true }),
          returnStatusToken(0),
          doneToken(0xfe, { error: true }),
        );
      }
      stats.queries += 1;
      const rows = periodsOverlapping(options.store, first.date, last.date);
      reply(
        colMetadataToken(SY40100_COLUMNS),
        ...rows.map((row) => rowToken(SY40100_COLUMNS, row)),
        doneToken(0xff, { rows: rows.length }),
        returnStatusToken(0),
        doneToken(0xfe),
      );
    };

    socket.on('data', (data: Buffer) => {
      try {
        reader.push(data);
      } catch {
        socket.destroy();
      }
    });
  };

  const server: Server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the company-database simulator has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    database,
    credentials: { user, password },
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
