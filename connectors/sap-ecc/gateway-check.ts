/**
 * The connection test's Gateway part: for each stream set to be read over Gateway, the service's `$metadata`
 * is read (no retry) and must hold the entity set with a property for every stream field. A service the
 * system does not have is said in words: ECC has no standard vendor, customer or PO service, so the setting
 * must name the customer's own (`gateway/errors.ts`).
 */
import { MlcError } from '../../engine/model/errors.ts';
import type { SapClientOptions } from './client.ts';
import { createGatewayHttpClient } from './gateway/client.ts';
import { describeGatewayConfig, servicePath, type GatewayEntityConfig } from './gateway/config.ts';
import { entitySetNames, matchFields, readEntitySetShape } from './gateway/metadata.ts';
import { withChangedOn } from './gateway-stream.ts';
import { SAP_STREAMS } from './streams.ts';

/** One sentence per stream read over Gateway; throws, naming the stream, at the first that cannot be read. */
export async function checkGatewayServices(
  options: SapClientOptions,
  settings: Readonly<Record<string, GatewayEntityConfig>>,
): Promise<string[]> {
  const gateway = createGatewayHttpClient({ ...options, retry: false });
  const said: string[] = [];
  try {
    for (const [entity, setting] of Object.entries(settings)) {
      const refuse = (code: string, why: string, error?: MlcError): never => {
        throw new MlcError(code, `${entity} over SAP Gateway (${describeGatewayConfig(setting)}): ${why}`, {
          ...(error?.options ?? {}),
        });
      };
      let edmx: string;
      try {
        const response = await gateway.http.send({
          method: 'GET',
          path: `${servicePath(setting)}/$metadata`,
          headers: { accept: 'application/xml' },
        });
        edmx = response.body.toString('utf8');
      } catch (error) {
        if (error instanceof MlcError) return refuse(error.code, error.message, error);
        throw error;
      }
      const shape = readEntitySetShape(edmx, setting.entitySet);
      if (shape === undefined)
        return refuse(
          'SAP_GATEWAY_SET_NOT_FOUND',
          `the service has no entity set ${setting.entitySet}; it offers: ${entitySetNames(edmx).join(', ') || 'none'}`,
        );
      const fields = SAP_STREAMS.find((stream) => stream.schema.entity === entity)?.fields ?? [];
      const configured = withChangedOn(setting);
      const match = matchFields(
        fields.map((field) => field.name),
        shape,
        configured.fieldMap,
      );
      if (!match.ok)
        return refuse(
          'SAP_GATEWAY_FIELDS_UNMATCHED',
          `${shape.entityType} has no property for ${match.unmatched.join(', ')}; map each as FIELD=Property (CHANGED_ON is read from ;date=Property)`,
        );
      said.push(`${entity} over SAP Gateway from ${setting.service}/${setting.entitySet}`);
    }
  } finally {
    await gateway.close();
  }
  return said;
}
