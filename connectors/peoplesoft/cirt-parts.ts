/**
 * The destination's settings as address parts: per target table, the URL templates of the CIRT operations
 * (get, update, optional find) that the site's administrator generated (README "Destination": each site's
 * aliases are its own, so they are configuration, never constructed), and the attributes the reverse sync
 * may change. The defaults are the names a generated service gets from the delivered CIs (`CIRT_<CI>_G_GET`
 * and so on, with `.v1`), which the simulator serves.
 */
import type { AddressPart } from '../kit/descriptor.ts';
import { optionalText, UnsupportedConnectionError, type ConnectionContext } from '../kit/module/connection-parts.ts';
import type { CirtTargetConfig, PeopleSoftTargetName } from './destination/config.ts';

interface TargetParts {
  readonly ci: string;
  readonly keys: string;
  readonly get: { readonly part: string; readonly default: string };
  readonly update: { readonly part: string; readonly default: string };
  readonly find: { readonly part: string; readonly default: string };
  readonly attributes: { readonly part: string; readonly default: readonly string[] };
}

const template = (operation: string, keys: string) => `${operation}.v1/${keys}`;

export const CIRT_PARTS: Readonly<Record<PeopleSoftTargetName, TargetParts>> = {
  vendors: {
    ci: 'VNDR_ID',
    keys: '{SETID}/{VENDOR_ID}',
    get: { part: 'vendorGetTemplate', default: template('CIRT_VNDR_ID_G_GET', '{SETID}/{VENDOR_ID}') },
    update: { part: 'vendorUpdateTemplate', default: template('CIRT_VNDR_ID_U_PUT', '{SETID}/{VENDOR_ID}') },
    find: { part: 'vendorFindTemplate', default: template('CIRT_VNDR_ID_F_GET', '{SETID}/{VENDOR_ID}') },
    attributes: { part: 'vendorAttributes', default: ['VENDOR_CLASS', 'VENDOR_STATUS', 'VENDOR_PERSISTENCE'] },
  },
  customers: {
    ci: 'CUSTOMER',
    keys: '{SETID}/{CUST_ID}',
    get: { part: 'customerGetTemplate', default: template('CIRT_CUSTOMER_G_GET', '{SETID}/{CUST_ID}') },
    update: { part: 'customerUpdateTemplate', default: template('CIRT_CUSTOMER_U_PUT', '{SETID}/{CUST_ID}') },
    find: { part: 'customerFindTemplate', default: template('CIRT_CUSTOMER_F_GET', '{SETID}/{CUST_ID}') },
    attributes: { part: 'customerAttributes', default: ['CUST_STATUS', 'CUST_LEVEL'] },
  },
};

const TARGETS = Object.keys(CIRT_PARTS) as PeopleSoftTargetName[];

const GENERATED =
  'Your PeopleSoft administrator generates it (PeopleTools > Integration Broker > Web Services > CI-Based Services, README "Destination") and reads it on the Service Operation page';

export const cirtAddressParts: AddressPart[] = TARGETS.flatMap((target) => {
  const parts = CIRT_PARTS[target];
  const what = target === 'vendors' ? 'vendor' : 'customer';
  const templatePart = (kind: 'get' | 'update' | 'find', label: string): AddressPart => ({
    name: parts[kind].part,
    label: `Destination: ${what} ${label} URL template`,
    kind: 'text',
    required: false,
    description: `The CIRT ${label} operation of the ${what} Component Interface, relative to /PSIGW/RESTListeningConnector/<node>, with the placeholders ${parts.keys}. ${GENERATED}. Leave empty for ${parts[kind].default}.`,
    example: parts[kind].default,
  });
  return [
    templatePart('get', 'get'),
    templatePart('update', 'update'),
    templatePart('find', 'find'),
    {
      name: parts.attributes.part,
      label: `Destination: ${what} attributes the sync may change`,
      kind: 'text',
      required: false,
      description: `Comma-separated CI properties a pipeline may write to a ${what} (never the keys). Leave empty for ${parts.attributes.default.join(', ')}.`,
      example: parts.attributes.default.join(','),
    },
  ];
});

/** The targets' CIRT settings from the connection's address, defaults where a part is empty. */
export function cirtTargets(context: ConnectionContext): Record<PeopleSoftTargetName, CirtTargetConfig> {
  return targetsFrom((part) => optionalText(context, part), `connections.${context.name}.address`);
}

/** Every target with its documented defaults (tests; the simulator serves these). */
export const DEFAULT_CIRT_TARGETS = targetsFrom(() => undefined, 'defaults');

function targetsFrom(
  read: (part: string) => string | undefined,
  where: string,
): Record<PeopleSoftTargetName, CirtTargetConfig> {
  const entries = TARGETS.map((target) => {
    const parts = CIRT_PARTS[target];
    const text = (part: { part: string; default: string }) => read(part.part) ?? part.default;
    const given = read(parts.attributes.part);
    const attributes =
      given === undefined
        ? parts.attributes.default
        : given
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean);
    for (const name of attributes)
      if (!/^[A-Z0-9_]+$/.test(name) || ['SETID', 'VENDOR_ID', 'CUST_ID'].includes(name))
        throw new UnsupportedConnectionError(
          `${where}.${parts.attributes.part}: CI property names in capitals, not keys, separated by commas; not ${name}`,
        );
    const config: CirtTargetConfig = {
      getTemplate: text(parts.get),
      updateTemplate: text(parts.update),
      findTemplate: text(parts.find),
      attributes,
    };
    return [target, config] as const;
  });
  return Object.fromEntries(entries) as Record<PeopleSoftTargetName, CirtTargetConfig>;
}
