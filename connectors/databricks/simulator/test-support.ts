/** Helpers for tests that drive the simulator with the real, unmodified `@databricks/sql` driver over HTTPS. */
import { DBSQLClient, DBSQLLogger, LogLevel } from '@databricks/sql';
import type IDBSQLSession from '@databricks/sql/dist/contracts/IDBSQLSession';
import { Agent, request } from 'undici';
import type { DatabricksSimulator } from './server.ts';

export interface DriverSession {
  readonly client: DBSQLClient;
  readonly session: IDBSQLSession;
  /** Runs one statement and returns every row. */
  query(sql: string, parameters?: Record<string, string> | string[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function connectDriver(
  sim: DatabricksSimulator,
  auth: { token: string } | { getToken: () => Promise<string> } = { token: sim.credentials.token },
): Promise<DriverSession> {
  const client = new DBSQLClient({ logger: new DBSQLLogger({ level: LogLevel.error }) });
  const common = {
    host: sim.host,
    port: sim.port,
    path: sim.httpPath,
    customCaCert: sim.caCert,
    telemetryEnabled: false,
  };
  await client.connect(
    'token' in auth
      ? { ...common, token: auth.token }
      : { ...common, authType: 'external-token', getToken: auth.getToken },
  );
  const session = await client.openSession();
  return {
    client,
    session,
    async query(sql, parameters) {
      const options =
        parameters === undefined
          ? {}
          : Array.isArray(parameters)
            ? { ordinalParameters: parameters }
            : { namedParameters: parameters };
      const operation = await session.executeStatement(sql, options);
      try {
        // As the connector does: a failure inside the direct results shows only once the final state is read.
        await operation.finished();
        return (await operation.fetchAll()) as Record<string, unknown>[];
      } finally {
        await operation.close();
      }
    },
    async close() {
      await session.close();
      await client.close();
    },
  };
}

/** An HTTPS call to the simulator that trusts its certificate. */
export async function callSimulator(
  sim: DatabricksSimulator,
  method: 'GET' | 'POST',
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  const dispatcher = new Agent({ connect: { ca: sim.caCert } });
  try {
    const response = await request(`${sim.baseUrl}${path}`, {
      method,
      dispatcher,
      headers: options.headers ?? {},
      body: options.body ?? null,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      json: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  } finally {
    await dispatcher.close();
  }
}
