/**
 * The connection test the descriptor names, in the order of the README's setup steps: sign in and reach
 * the node and alias (step 1), hold the QAS service operation (step 2), and run each stream's saved query
 * over today with `maxrows=1` (step 3), through the poll variant when the connection uses it (step 5:
 * Process Scheduler, Pub/Sub, QASEXEQRY in the process profile). No retry: a wrong password is one refused request. Each failure
 * says which piece is missing.
 */
import { MlcError } from '../../engine/model/errors.ts';
import { type PingResult, ping } from '../kit/descriptor.ts';
import { PsftClient } from './client.ts';
import { STREAM_NAMES, type PsftConnectionConfig } from './config.ts';
import { normalise, todayOnServer } from './source.ts';
import { MASTER_SNAPSHOT, psftStreams } from './streams.ts';

export function testPsftConnection(config: PsftConnectionConfig): Promise<PingResult> {
  return ping(async () => {
    // A check waits a minute at most for the poll variant's run (a scheduler that is down never finishes).
    const client = new PsftClient({
      ...config,
      retry: false,
      pollTimeoutSeconds: Math.min(config.pollTimeoutSeconds, 60),
    });
    const today = todayOnServer(config);
    const streams = psftStreams(config.serverTimeZone);
    const who = config.auth.kind === 'basic' ? `user ${config.auth.oprid}` : `IdP client ${config.auth.clientId}`;
    try {
      for (const name of STREAM_NAMES) {
        const query = config.queries[name];
        const operation = config.documents[name];
        const stream = streams.find((candidate) => candidate.name === name);
        if (operation !== undefined && stream !== undefined) {
          // A stream read through the site's document operation: one page over today.
          const columns = stream.schema.fields
            .filter((field) => field.name !== MASTER_SNAPSHOT)
            .map((field) => stream.columns[field.name] ?? field.name);
          try {
            const rows = await client.documentPage(operation, columns, { FROM_DT: today, TO_DT: today, AFTER_KEY: '' });
            if (rows.length > 0) normalise(stream, operation.template, rows);
          } catch (error) {
            throw explainDocument(error, config, who, operation.template);
          }
          continue;
        }
        try {
          const answer = await client.executeQuery(
            query,
            [
              ['FROM_DT', today],
              ['TO_DT', today],
            ],
            1,
          );
          if (stream !== undefined && answer.rows.length > 0) normalise(stream, query, answer.rows);
        } catch (error) {
          throw explain(error, config, who, query);
        }
      }
      return `signed in to PeopleSoft node ${config.node} as ${who} and ran the saved queries ${STREAM_NAMES.map((name) => config.queries[name]).join(', ')}`;
    } finally {
      await client.close();
    }
  });
}

function explainDocument(error: unknown, config: PsftConnectionConfig, who: string, template: string): unknown {
  if (!(error instanceof MlcError)) return error;
  const where = `${config.baseUrl}/PSIGW/RESTListeningConnector/${config.node}/${template}`;
  if (error.code === 'HTTP_404')
    return new MlcError(
      'CONFIG_INVALID',
      `PeopleSoft has no document operation at ${where}: check its URL template and alias`,
      {
        cause: error,
      },
    );
  if (error.code === 'HTTP_500')
    return new MlcError(
      'QUERY_REFUSED',
      `PeopleSoft answered the document operation ${where} with a bare HTTP 500: ${who} may lack the operation's permission list, or its handler failed`,
      { cause: error },
    );
  return explain(error, config, who, template);
}

function explain(error: unknown, config: PsftConnectionConfig, who: string, query: string): unknown {
  if (!(error instanceof MlcError)) return error;
  const where = `${config.baseUrl}/PSIGW/RESTListeningConnector/${config.node}/${config.executeQueryAlias}`;
  const said = (message: string, code = error.code) =>
    new MlcError(code, message, {
      cause: error,
      ...(error.options.help === undefined ? {} : { help: error.options.help }),
    });
  switch (error.code) {
    case 'AUTH_FAILED':
      return said(
        config.auth.kind === 'basic'
          ? `PeopleSoft refused the sign-in of ${who}: check the OPRID and its stored password`
          : `the sign-in of ${who} was refused (by the identity provider at ${config.auth.tokenUrl}, or by PeopleSoft for its token): check the client, its secret, and that the token's user maps to a PeopleSoft user`,
      );
    case 'HTTP_404':
      return said(
        `PeopleSoft has no ${where}: check the node name (${config.node}), the external alias (${config.executeQueryAlias}) and that the gateway's REST target location is set up (README setup step 1)`,
        'CONFIG_INVALID',
      );
    case 'PERMISSION_MISSING':
      return said(`${error.message} (README setup step 2)`);
    case 'HTTP_500':
      return said(
        `PeopleSoft answered query ${query} with a bare HTTP 500 (in Production mode it hides the reason): the query may not exist or not be public, or its records may not be in the query access groups of ${who} (README setup step 3)`,
        'QUERY_REFUSED',
      );
    case 'QUERY_REFUSED':
      return said(`query ${query}: ${error.message} (README setup step 3)`);
    case 'POLL_TIMEOUT':
      return said(
        `${error.message}: the poll variant runs each query in the Process Scheduler through Integration Broker's Pub/Sub; check that both are running and that the process profile of ${who} allows application engine QASEXEQRY (README setup step 5)`,
      );
    case 'QUERY_FAILED':
      return said(
        `${error.message}: with the poll variant, the process profile of ${who} must allow application engine QASEXEQRY, and the process's log in Process Monitor says why it failed (README setup step 5)`,
      );
    default:
      return error;
  }
}
