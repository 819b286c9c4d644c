/**
 * Connection tests for `ml-connector check` (and the studio's "Test" button): each does the small real
 * thing its connector's descriptor names (sign in and read one record, run one statement, find the
 * folder) and answers in words, never with a stack trace. Loaded by the registry only for a ping.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bambooConfig, databricksOptions, gpConfig, type ConnectionContext } from './connection-config.ts';
import { ping } from './kit/descriptor.ts';

export interface PingAnswer {
  readonly ok: boolean;
  /** What was tried, in the words of the connector's descriptor. */
  readonly test: string;
  readonly message: string;
  readonly code?: string;
}

export async function pingConnectionOf(context: ConnectionContext): Promise<PingAnswer> {
  const { system, address } = context.connection;
  switch (system) {
    case 'file':
      return answer('Find the folder', async () => {
        const folder = resolve(context.pipelineDir, String(address.folder ?? ''));
        if (!(await stat(folder)).isDirectory()) throw Object.assign(new Error(`${String(address.folder)} is not a folder`), { code: 'ENOTDIR' });
        return `folder ${String(address.folder)} found`;
      });
    case 'duckdb':
      // Opening the warehouse would create it; a missing file is fine when its folder is there.
      return answer('Find the warehouse file or its folder', async () => {
        const path = resolve(context.pipelineDir, String(address.path ?? ''));
        if (await stat(path).then(() => true, () => false)) return `warehouse ${String(address.path)} found`;
        await stat(dirname(path));
        return `warehouse ${String(address.path)} is not there yet; the first run creates it`;
      });
    case 'dynamics-gp': {
      const { gpConnectorDescriptor } = await import('./dynamics-gp/descriptor.ts');
      return answer(gpConnectorDescriptor.connectionTest.label, async () => {
        const config = gpConfig(context);
        const { GpClient } = await import('./dynamics-gp/client.ts');
        // One attempt: a connection test answers quickly rather than retrying for minutes.
        const client = new GpClient({ ...config, retry: false });
        try {
          const records = await client.list('Financial/GLAccounts', { $top: 1 });
          const first = records[0]?.AccountNumber;
          return `signed in to ${config.baseUrl} as ${config.auth.domain}\\${config.auth.user}; ${first === undefined ? 'the company has no GL accounts' : `read GL account ${String(first)}`}`;
        } finally {
          await client.close();
        }
      });
    }
    case 'bamboohr': {
      const { bambooConnectorDescriptor } = await import('./bamboohr/descriptor.ts');
      const { testBambooConnection } = await import('./bamboohr/check.ts');
      const test = bambooConnectorDescriptor.connectionTest.label;
      let config: ReturnType<typeof bambooConfig>;
      try {
        config = bambooConfig(context);
      } catch (error) {
        // A part missing or unreadable (caCertFile) is an answer too, not a throw.
        return { test, ...(await ping(() => Promise.reject(error))) };
      }
      return { test, ...(await testBambooConnection(config)) };
    }
    case 'databricks':
      return answer('Sign in and run SELECT 1 on the SQL warehouse', async () => {
        const options = await databricksOptions(context);
        const { DatabricksSql } = await import('./databricks/sql-client.ts');
        const sql = new DatabricksSql({ ...options, retry: { maxAttempts: 1 } });
        try {
          await sql.query('SELECT 1 AS ok');
          return `signed in to ${options.host}:${options.port ?? 443}${options.httpPath}; SELECT 1 answered`;
        } finally {
          await sql.close();
        }
      });
    default:
      return { ok: false, test: 'Connect', message: `testing a ${system} connection is not available in this version`, code: 'UNSUPPORTED_CONNECTION' };
  }
}

async function answer(test: string, run: () => Promise<string>): Promise<PingAnswer> {
  return { test, ...(await ping(run)) };
}
