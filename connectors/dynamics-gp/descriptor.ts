/**
 * The Dynamics GP connector described as data (the kit's `ConnectorDescriptor`): what the CLI `check`,
 * the studio's connection form and the docs read. Sign-in is Windows only (dynamics-gp.md §2:
 * NTLM/Negotiate or Basic `DOMAIN\user`; Organizational Account bearer tokens are not offered here).
 * Streams are fixed entities read by ModifiedDate, with the fields `discover` returns.
 */
import { CA_CERT_FILE_PART, type ConnectorDescriptor } from '../kit/descriptor.ts';
import { GP_STREAMS } from './streams.ts';

const password = [{ name: 'passwordSecret', label: 'Windows password' }] as const;

export const gpConnectorDescriptor: ConnectorDescriptor & {
  readonly filters: readonly { readonly name: string; readonly description: string }[];
  readonly orderedByCursor: true;
} = {
  id: 'dynamics-gp',
  label: 'Microsoft Dynamics GP',
  description:
    'GL accounts, GL journal entries and lines, vendors, payables invoices and purchase orders from the GP Service Based Architecture (REST).',
  authKinds: ['ntlm', 'negotiate', 'basic'],
  addressParts: [
    {
      name: 'baseUrl',
      label: 'Service address',
      kind: 'url',
      required: true,
      description: 'Scheme, host and port of the GP service, e.g. https://gp.example.com (port 443 by default).',
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
      required: true,
      description: 'The company name as GP shows it (e.g. Fabrikam, Inc.), not its database id.',
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
  ],
  secrets: { ntlm: password, negotiate: password, basic: password },
  streams: GP_STREAMS.map((stream) => stream.schema),
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
