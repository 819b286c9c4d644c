/**
 * The connection test the descriptor names: one RFC_READ_TABLE call with NO_DATA='X' on LFA1 (SAP answers
 * the fields' layout and no rows), with no retry, so a wrong password is one AUTH_FAILED. It proves what a
 * read needs: the service /sap/bc/soap/rfc is active (an inactive one is explained with its SICF node and the
 * authorizations to grant), Basic sign-in to the client works, and S_RFC / S_TABU_DIS let the user read LFA1.
 * Streams set to be read over Gateway have their service's `$metadata` read too (`gateway-check.ts`).
 */
import { MlcError } from '../../engine/model/errors.ts';
import { ping, type PingResult } from '../kit/descriptor.ts';
import { createSapRfcClient } from './client.ts';
import { clientOptions, type SapConnectionConfig } from './config.ts';
import { checkGatewayServices } from './gateway-check.ts';
import { newFieldPlans, planFields } from './table-read.ts';

export function testSapConnection(config: SapConnectionConfig): Promise<PingResult> {
  return ping(async () => {
    const options = await clientOptions(config);
    const client = createSapRfcClient({ ...options, retry: false });
    try {
      const fields = await planFields(client, newFieldPlans(), 'LFA1', ['LIFNR', 'NAME1']);
      if (fields.length !== 2) throw new Error(`SAP answered ${fields.length} fields of LFA1 where 2 were asked`);
      const gateway = config.gateway === undefined ? [] : await checkGatewayServices(options, config.gateway);
      return `signed in to SAP client ${config.sapClient} as ${config.user}; RFC_READ_TABLE may read LFA1 (company code ${config.companyCode} is read from LFB1, KNB1 and EKKO)${gateway.map((line) => `; ${line}`).join('')}`;
    } catch (error) {
      // The check is where an SAP administrator reads what to do: the help (SICF node, authorizations) joins the message.
      if (error instanceof MlcError && error.options.help !== undefined)
        throw new MlcError(error.code, `${error.message} ${error.options.help}`, error.options);
      // An ICM that requires a client certificate (icm/HTTPS/verify_client = 2) ends the TLS handshake of a client
      // without one: all the client sees is the connection closed.
      if (
        error instanceof MlcError &&
        error.code === 'ECONNRESET' &&
        config.baseUrl.startsWith('https:') &&
        config.clientCertificate === undefined
      )
        throw new MlcError(
          error.code,
          `${error.message}. If the SAP system requires a client certificate (profile parameter icm/HTTPS/verify_client = 2), give the connection clientCertFile and clientKeyFile.`,
          error.options,
        );
      throw error;
    } finally {
      await client.close();
    }
  });
}
