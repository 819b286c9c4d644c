/**
 * The SAP ECC connector described as data: a source over RFC over SOAP (`/sap/bc/soap/rfc`), signed in with
 * HTTP Basic for one SAP client, optionally showing a client certificate (mutual TLS). Facts: README.md.
 */
import { CA_CERT_FILE_PART, type ConnectorDescriptor } from '../kit/descriptor.ts';
import { GATEWAY_ADDRESS_PARTS } from './gateway-parts.ts';
import { SAP_STREAMS } from './streams.ts';

export const SAP_DEFAULT_PORT = 47004;

export const sapConnectorDescriptor: ConnectorDescriptor = {
  id: 'sap-ecc',
  label: 'SAP ECC',
  description:
    'Vendors (LFA1/LFB1), customers (KNA1/KNB1) and purchase order items (EKKO/EKPO) from SAP ECC over RFC over SOAP, with changes found through change documents.',
  authKinds: ['basic'],
  addressParts: [
    {
      name: 'baseUrl',
      label: 'SAP web address (ICM)',
      kind: 'url',
      required: true,
      description:
        "Scheme, host and port of the SAP system's ICM or Web Dispatcher, e.g. https://ecc.example.com:44300 (HTTPS ports are often 443<instance number>). The service /sap/bc/soap/rfc must be active in transaction SICF.",
      example: 'http://127.0.0.1:47004',
    },
    {
      name: 'sapClient',
      label: 'SAP client',
      kind: 'text',
      required: true,
      description: 'The three-digit SAP client (Mandant) to sign in to, e.g. 100.',
      example: '100',
    },
    {
      name: 'language',
      label: 'Logon language',
      kind: 'text',
      required: false,
      description: "SAP's logon language for messages (sap-language), e.g. EN or DE. Default EN.",
      example: 'EN',
    },
    {
      name: 'companyCode',
      label: 'Company code',
      kind: 'text',
      required: true,
      description:
        'The company code (BUKRS) whose vendor and customer data (LFB1, KNB1) and purchase orders are read, e.g. 1000.',
      example: '1000',
    },
    CA_CERT_FILE_PART,
    {
      name: 'clientCertFile',
      label: 'Client certificate file',
      kind: 'path',
      required: false,
      description:
        "Only when SAP's ICM asks clients for a certificate (mutual TLS): this connection's certificate as a PEM file, mapped to the SAP user by your SAP administrator (transaction CERTRULE or table USREXTID). Give the key file too.",
    },
    {
      name: 'clientKeyFile',
      label: 'Client certificate key file',
      kind: 'path',
      required: false,
      description: "The client certificate's private key as a PEM file.",
    },
    {
      name: 'clientKeyPassphraseSecret',
      label: 'Key passphrase (stored secret)',
      kind: 'secret',
      required: false,
      description: "The name of the stored secret holding the private key's passphrase, when the key is encrypted.",
    },
    ...GATEWAY_ADDRESS_PARTS,
  ],
  secrets: { basic: [{ name: 'passwordSecret', label: 'SAP user password' }] },
  streams: SAP_STREAMS.map((stream) => stream.schema),
  connectionTest: {
    label: 'Sign in to SAP and ask RFC_READ_TABLE for the layout of LFA1 (no rows read)',
  },
  simulator: { system: 'sap-ecc', defaultPort: SAP_DEFAULT_PORT },
};
