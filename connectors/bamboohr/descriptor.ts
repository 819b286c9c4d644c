/**
 * The BambooHR connector described as data (the kit's `ConnectorDescriptor`). Sign-in: an API key over
 * HTTP Basic, or OAuth 2.0 with refresh tokens (bamboohr.md §2); the authorization-code sign-in that
 * first obtains the refresh token belongs to the studio/CLI, this connector only uses and rotates it.
 */
import { CA_CERT_FILE_PART, type ConnectorDescriptor } from '../kit/descriptor.ts';
import { BAMBOO_STREAMS } from './streams.ts';

export const bambooConnectorDescriptor: ConnectorDescriptor & {
  readonly orderedByCursor: false;
  readonly webhooks: true;
} = {
  id: 'bamboohr',
  label: 'BambooHR',
  description:
    'Employees and their effective-dated job, compensation and employment-status rows from the BambooHR REST API, by polling and webhooks.',
  authKinds: ['api-key', 'oauth2-refresh-token'],
  addressParts: [
    {
      name: 'companyDomain',
      label: 'Company domain',
      kind: 'text',
      required: true,
      description: 'The subdomain of your BambooHR address: mycompany for mycompany.bamboohr.com.',
    },
    {
      name: 'apiBase',
      label: 'API address',
      kind: 'url',
      required: false,
      description:
        'Leave empty for https://<company domain>.bamboohr.com/api/v1; the gateway form https://api.bamboohr.com/api/gateway.php/<company domain>/v1 also works.',
      example: 'http://127.0.0.1:47002/api/gateway.php/acme/v1',
    },
    {
      name: 'tokenUrl',
      label: 'Token address (OAuth)',
      kind: 'url',
      required: false,
      description: 'Leave empty for https://<company domain>.bamboohr.com/token.php?request=token.',
      example: 'http://127.0.0.1:47002/token.php?request=token',
    },
    // The OAuth client id is not an address part: the file keeps it in auth.clientId.
    {
      name: 'authorizeUrl',
      label: 'Sign-in page (OAuth)',
      kind: 'url',
      required: false,
      description:
        'Leave empty for https://<company domain>.bamboohr.com/authorize.php; only the first sign-in through the browser opens it.',
      example: 'http://127.0.0.1:47002/authorize.php',
    },
    CA_CERT_FILE_PART,
  ],
  secrets: {
    'api-key': [{ name: 'apiKeySecret', label: 'API key' }],
    'oauth2-refresh-token': [
      { name: 'clientSecretSecret', label: 'OAuth client secret' },
      { name: 'refreshTokenSecret', label: 'Refresh token' },
    ],
  },
  streams: BAMBOO_STREAMS.map((stream) => stream.schema),
  orderedByCursor: false,
  webhooks: true,
  connectionTest: { label: 'Sign in and read the changed-employees list for the last day' },
  simulator: { system: 'bamboohr', defaultPort: 47002 },
};

export type BambooConnectorDescriptor = typeof bambooConnectorDescriptor;
