/**
 * The Dynamics GP connector described as data: what the studio shows and the pipeline file carries.
 * Sign-in is Windows only (dynamics-gp.md §2: NTLM/Negotiate or Basic `DOMAIN\user`; Organizational
 * Account bearer tokens are not offered here). Streams are fixed entities read by ModifiedDate.
 */
import { GP_STREAMS } from './streams.ts';

export const gpConnectorDescriptor = {
  id: 'dynamics-gp',
  label: 'Microsoft Dynamics GP',
  description: 'GL accounts, GL journal entries and lines, vendors, payables invoices and purchase orders from the GP Service Based Architecture (REST).',
  authMethods: ['ntlm', 'negotiate', 'basic'],
  addressParts: [
    { name: 'baseUrl', label: 'Service address', kind: 'url', required: true, description: 'Scheme, host and port of the GP service, e.g. https://gp.example.com (port 443 by default).' },
    { name: 'tenant', label: 'Tenant', kind: 'text', required: false, description: 'DefaultTenant unless GP runs multitenant.' },
    { name: 'company', label: 'Company', kind: 'text', required: true, description: 'The company name as GP shows it (e.g. Fabrikam, Inc.), not its database id.' },
    { name: 'domain', label: 'Windows domain', kind: 'text', required: true, description: 'Domain of the service account, e.g. CONTOSO.' },
    { name: 'user', label: 'Windows user', kind: 'text', required: true, description: 'A dedicated domain account mapped to a GP user.' },
  ],
  streams: {
    configuredBy: 'connector',
    entities: GP_STREAMS.map((stream) => ({ entity: stream.schema.entity, label: stream.schema.label, key: stream.schema.key, cursorField: 'ModifiedDate' })),
    filters: [{ name: 'TransactionState', description: 'Work (unposted), Open or History; GL journal entries and payables invoices only.' }],
  },
  orderedByCursor: true,
  connectionTest: { label: 'Sign in and read one GL account' },
} as const;

export type GpConnectorDescriptor = typeof gpConnectorDescriptor;
