/**
 * The IFS Cloud connector described as data: a source over the tenant's OData projection APIs, signed
 * in by OAuth2 client credentials against the tenant's IFS IAM (ifs-cloud.md §1–§2). Every set is an
 * address part with its documented default, because several are unconfirmed (README).
 */
import { CA_CERT_FILE_PART, type AddressPart, type ConnectorDescriptor } from '../kit/descriptor.ts';
import { DEFAULT_SETS, SET_PARTS, type SetName } from './config.ts';
import { IFS_STREAMS } from './streams.ts';

const SET_HELP: Readonly<Record<SetName, string>> = {
  gl_accounts: 'GL accounts',
  vouchers: 'vouchers not yet updated to GL',
  postedVouchers: 'vouchers updated to GL (they leave the first set; projection unconfirmed, confirm in API Explorer)',
  voucher_rows: 'voucher rows not yet updated to GL',
  postedVoucherRows: 'voucher rows updated to GL (projection unconfirmed, confirm in API Explorer)',
  supplier_invoices: 'supplier invoices: no public source names this set; confirm it in your API Explorer',
  purchase_orders: 'purchase order headers',
  purchase_order_lines: 'purchase order lines (an Entity Service API: an administrator activates it in API Explorer)',
  suppliers: 'suppliers',
  code_part_values: 'code part values (accounting dimensions)',
  codePartValueUpdates:
    'code part value descriptions written back ({CodePart} stands for the code part B…J; unconfirmed on your release, confirm in API Explorer)',
};

const setParts: AddressPart[] = (Object.keys(SET_PARTS) as SetName[]).map((name) => ({
  name: SET_PARTS[name],
  label: `Set: ${SET_HELP[name].split(' (')[0]?.split(':')[0] ?? name}`,
  kind: 'text',
  required: false,
  description: `Where IFS serves ${SET_HELP[name]}, as <Projection>.svc/<EntitySet> (or a path from the root starting with /). Leave empty for ${DEFAULT_SETS[name]}.`,
  example: DEFAULT_SETS[name],
}));

export const ifsConnectorDescriptor: ConnectorDescriptor = {
  id: 'ifs-cloud',
  label: 'IFS Cloud',
  description:
    'GL accounts, vouchers and their rows, supplier invoices, purchase orders with lines, suppliers and code part values from the IFS Cloud OData projection APIs.',
  authKinds: ['oauth2-client-credentials'],
  addressParts: [
    {
      name: 'systemUrl',
      label: 'System URL',
      kind: 'url',
      required: true,
      description:
        'Your IFS Cloud address, with its port when it has one: https://acme.ifs.cloud or https://erp.example.com:48080.',
      example: 'http://127.0.0.1:47003',
    },
    {
      name: 'realm',
      label: 'IAM realm (namespace)',
      kind: 'text',
      required: true,
      description:
        'The IFS IAM realm your IAM client is registered in, usually the tenant namespace (the part after /auth/realms/ in the sign-in address).',
      example: 'acme1',
    },
    {
      name: 'endpoint',
      label: 'Endpoint',
      kind: 'text',
      required: false,
      description:
        'main (default) or int: the integration endpoint has the longer timeouts (queries 10 min instead of 5).',
      example: 'int',
    },
    {
      name: 'companies',
      label: 'Companies',
      kind: 'text',
      required: true,
      description:
        "The IFS companies to read, comma-separated (e.g. 10,20). Each must be in the service user's Allowed Companies: IFS answers an empty list for any other.",
      example: '10',
    },
    {
      name: 'serverTimeZone',
      label: 'Server time zone',
      kind: 'text',
      required: false,
      description:
        'The zone of the IFS database clock (e.g. Europe/Stockholm), used to read change stamps in ETags; default UTC.',
    },
    ...setParts,
    CA_CERT_FILE_PART,
  ],
  secrets: { 'oauth2-client-credentials': [{ name: 'clientSecretSecret', label: 'IAM client secret' }] },
  streams: IFS_STREAMS.map((stream) => stream.schema),
  connectionTest: { label: 'Sign in to IFS IAM and read one GL account of each configured company' },
  simulator: { system: 'ifs', defaultPort: 47003 },
};
