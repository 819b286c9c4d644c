/**
 * Which SAP Gateway OData v2 service and entity set a stream is read from, when the customer has one.
 * ECC ships no standard vendor, customer or purchase order service, so nothing here has a default: the
 * service and set names, and any property names that differ from the stream's SAP field names, come
 * from the connection, and a stream with no such setting is read over RFC. Sources: README.md.
 *
 * In an address part the setting is one line, `ZVENDOR_SRV/VendorSet`, optionally followed by
 * `;date=CreatedOn` (the property an incremental read filters on) and `;LIFNR=VendorId` pairs (stream field
 * = OData property, for the properties whose names do not match the field's case-insensitively).
 */
import { UnsupportedConnectionError } from '../../kit/module/connection-parts.ts';

export interface GatewayEntityConfig {
  /** The service's technical name as registered in /IWFND/MAINT_SERVICE, e.g. `ZVENDOR_SRV`. */
  readonly service: string;
  /** The entity set, e.g. `VendorSet`. */
  readonly entitySet: string;
  /** Stream field -> OData property; fields left out match a property of the same name, case-insensitively. */
  readonly fieldMap?: Readonly<Record<string, string>>;
  /** The Edm.DateTime property an incremental read filters on (`ge datetime'…'`, whole days). */
  readonly dateFilterProperty?: string;
}

/** Gateway's root for OData v2 services: `<root>/sap/<SERVICE>`, or `<root>/<NAMESPACE>/<SERVICE>` for `/NAMESPACE/SERVICE`. */
export const GATEWAY_ROOT = '/sap/opu/odata';

/** SAP names: a namespace (`/ABC/`) may lead; `;v=2` or `;o=ALIAS` may follow the service name. */
const SERVICE_NAME = /^(\/[A-Z0-9_]+\/)?[A-Z0-9_]+(;[a-z]+=[A-Za-z0-9_]+)*$/;
/** OData identifiers (SimpleIdentifier in OData v2's CSDL). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The service's root path: `/sap/opu/odata/sap/ZVENDOR_SRV`, `/sap/opu/odata/ACME/VENDOR_SRV` for `/ACME/VENDOR_SRV`. */
export function servicePath(config: GatewayEntityConfig): string {
  return config.service.startsWith('/') ? `${GATEWAY_ROOT}${config.service}` : `${GATEWAY_ROOT}/sap/${config.service}`;
}

/** Problems with a setting, in plain words; empty when it can be used. */
export function gatewayConfigProblems(config: GatewayEntityConfig): string[] {
  const problems: string[] = [];
  if (!SERVICE_NAME.test(config.service))
    problems.push(
      `"${config.service}" is not an SAP Gateway service name (capitals, digits and _, like ZVENDOR_SRV, as /IWFND/MAINT_SERVICE lists it)`,
    );
  if (!IDENTIFIER.test(config.entitySet)) problems.push(`"${config.entitySet}" is not an entity set name`);
  for (const [field, property] of Object.entries(config.fieldMap ?? {}))
    if (!IDENTIFIER.test(property))
      problems.push(`field ${field} is mapped to "${property}", which is not a property name`);
  if (config.dateFilterProperty !== undefined && !IDENTIFIER.test(config.dateFilterProperty))
    problems.push(`date=${config.dateFilterProperty} is not a property name`);
  return problems;
}

/**
 * Reads `SERVICE/EntitySet[;date=Property][;FIELD=Property…]` from an address part, refusing it with the
 * part's path (`connections.<name>.address.gateway.vendors: …`) and an example of the form.
 */
export function parseGatewayAddress(text: string, where: string): GatewayEntityConfig {
  const refuse = (why: string): never => {
    throw new UnsupportedConnectionError(
      `${where}: ${why}. Write the customer's own service and entity set as SERVICE/EntitySet, e.g. ZVENDOR_SRV/VendorSet;date=CreatedOn;LIFNR=VendorId (ECC has no standard service for this: leave the setting out to read over RFC)`,
    );
  };
  // `;v=2` belongs to the service name; the setting's own `;` pairs start after the entity set.
  const trimmed = text.trim();
  const end = trimmed.indexOf(';', trimmed.lastIndexOf('/') + 1);
  const head = end < 0 ? trimmed : trimmed.slice(0, end);
  const pairs = end < 0 ? [] : trimmed.slice(end + 1).split(';');
  const slash = head.lastIndexOf('/');
  if (slash <= 0 || slash === head.length - 1) return refuse(`"${text}" names no service and entity set`);
  const service = head.slice(0, slash);
  const entitySet = head.slice(slash + 1);
  const fieldMap: Record<string, string> = {};
  let dateFilterProperty: string | undefined;
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (equals <= 0 || value === '') return refuse(`"${pair}" is not NAME=Property`);
    if (name === 'date') dateFilterProperty = value;
    else if (name in fieldMap) return refuse(`field ${name} is mapped twice`);
    else fieldMap[name] = value;
  }
  const config: GatewayEntityConfig = {
    service,
    entitySet,
    ...(Object.keys(fieldMap).length === 0 ? {} : { fieldMap }),
    ...(dateFilterProperty === undefined ? {} : { dateFilterProperty }),
  };
  const problems = gatewayConfigProblems(config);
  if (problems.length > 0) return refuse(problems.join('; '));
  return config;
}

/** One line for messages and the studio: `ZVENDOR_SRV/VendorSet (incremental on CreatedOn; LIFNR=VendorId)`. */
export function describeGatewayConfig(config: GatewayEntityConfig): string {
  const notes = [
    ...(config.dateFilterProperty === undefined ? [] : [`incremental on ${config.dateFilterProperty}`]),
    ...Object.entries(config.fieldMap ?? {}).map(([field, property]) => `${field}=${property}`),
  ];
  return `${config.service}/${config.entitySet}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`;
}
