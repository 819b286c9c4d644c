/**
 * The Dynamics GP connector described as data (the kit's `ConnectorDescriptor`): what the CLI `check`,
 * the studio's connection form and the docs read. Sign-in is Windows only (dynamics-gp.md §2:
 * NTLM/Negotiate, or Basic `DOMAIN\user` for SBA; GP Web Services take Windows authentication only,
 * dynamics-gp-web-services.md §2). Streams are fixed entities read by ModifiedDate, with the fields
 * `discover` returns: the general ledger from GP Web Services, the rest from SBA.
 */
import { CA_CERT_FILE_PART, type ConnectorDescriptor } from '../kit/descriptor.ts';
import { COMPANY_DB_PARTS } from './company-db/config.ts';
import { LEDGER_STREAMS } from './ledger/streams.ts';
import { GP_STREAMS } from './streams.ts';

const password = [{ name: 'passwordSecret', label: 'Windows password' }] as const;

export const gpConnectorDescriptor: ConnectorDescriptor & {
  readonly filters: readonly { readonly name: string; readonly description: string }[];
  readonly orderedByCursor: true;
} = {
  id: 'dynamics-gp',
  label: 'Microsoft Dynamics GP',
  description:
    'GL accounts and GL journal entries and lines from GP Web Services (SOAP, port 48620 by default); vendors, payables invoices and purchase orders from the GP Service Based Architecture (REST).',
  authKinds: ['ntlm', 'negotiate', 'basic'],
  addressParts: [
    {
      name: 'webServicesUrl',
      label: 'GP Web Services address',
      kind: 'url',
      required: false,
      description:
        'The legacy GP Web Services endpoint, for the general ledger (GL accounts and journals, journal and employee targets), e.g. https://gp.example.com:48620/DynamicsGPWebServices/DynamicsGPService.asmx.',
      example: 'http://127.0.0.1:47001/DynamicsGPWebServices/DynamicsGPService.asmx',
    },
    {
      name: 'companyKey',
      label: 'Company key',
      kind: 'text',
      required: false,
      description:
        "GP's numeric company id (CMPANYID in the DYNAMICS database; -1 for the sample company), with the GP Web Services address.",
      example: '-1',
    },
    {
      name: 'currencyType',
      label: 'Currency type',
      kind: 'text',
      required: false,
      description:
        "Transactional (amounts in each document's currency, the default) or Local (functional currency), for GP Web Services.",
    },
    {
      name: 'parallelReads',
      label: 'Parallel reads',
      kind: 'text',
      required: false,
      description:
        'How many GP Web Services calls a ledger read makes at once (1 to 8, default 4), each on its own signed-in connection: journals come without amounts, so a read makes one call per journal.',
      example: '4',
    },
    {
      name: 'baseUrl',
      label: 'SBA service address',
      kind: 'url',
      required: false,
      description:
        'Scheme, host and port of the GP Service Based Architecture, e.g. https://gp.example.com (port 443 by default): only for vendors, payables invoices, purchase orders and the vendors target.',
      example: 'http://127.0.0.1:47001',
    },
    {
      name: 'tenant',
      label: 'Tenant',
      kind: 'text',
      required: false,
      description: 'DefaultTenant unless GP runs multitenant.',
    },
    {
      name: 'company',
      label: 'Company',
      kind: 'text',
      required: false,
      description: 'The company name as GP shows it (e.g. Fabrikam, Inc.), with the SBA address.',
    },
    {
      name: 'domain',
      label: 'Windows domain',
      kind: 'text',
      required: true,
      description: 'Domain of the service account, e.g. CONTOSO.',
    },
    {
      name: 'user',
      label: 'Windows user',
      kind: 'text',
      required: true,
      description: 'A dedicated domain account mapped to a GP user.',
    },
    CA_CERT_FILE_PART,
    ...COMPANY_DB_PARTS,
  ],
  secrets: { ntlm: password, negotiate: password, basic: password },
  streams: [...LEDGER_STREAMS, ...GP_STREAMS].map((stream) => stream.schema),
  filters: [
    {
      name: 'TransactionState',
      description: 'Work (unposted), Open or History; GL journal entries and payables invoices only.',
    },
  ],
  orderedByCursor: true,
  connectionTest: { label: 'Sign in and read one GL account' },
  simulator: { system: 'gp', defaultPort: 47001 },
};

export type GpConnectorDescriptor = typeof gpConnectorDescriptor;
