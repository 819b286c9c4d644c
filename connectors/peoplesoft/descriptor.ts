/**
 * The PeopleSoft connector described as data: a source over Query Access Services through the Integration
 * Broker's REST listening connector (peoplesoft.md §0), signed in with HTTP Basic (an OPRID) or a bearer
 * token from the customer's identity provider. The node, alias and every saved query are address parts
 * with documented defaults, because each site names them (README).
 */
import { CA_CERT_FILE_PART, type AddressPart, type ConnectorDescriptor } from '../kit/descriptor.ts';
import { cirtAddressParts } from './cirt-parts.ts';
import { DEFAULTS, documentParts, QUERY_PARTS, STREAM_NAMES } from './config.ts';
import { PSFT_STREAMS } from './streams.ts';

export const PSFT_DEFAULT_PORT = 47006;

const queryParts: AddressPart[] = STREAM_NAMES.map((stream) => ({
  name: QUERY_PARTS[stream].part,
  label: `Saved query: ${stream.replace(/_/g, ' ')}`,
  kind: 'text',
  required: false,
  description: `The public PeopleSoft Query that reads ${stream.replace(/_/g, ' ')}, defined as the README says (prompts FROM_DT and TO_DT). Leave empty for ${QUERY_PARTS[stream].default}.`,
  example: QUERY_PARTS[stream].default,
}));

const documentAddressParts: AddressPart[] = STREAM_NAMES.flatMap((stream) => {
  const parts = documentParts(stream);
  const what = stream.replace(/_/g, ' ');
  return [
    {
      name: parts.template,
      label: `Document operation: ${what}`,
      kind: 'text',
      required: false,
      description: `Only where your site has a custom document-based REST operation for ${what}: its URL template relative to the node, with {FROM_DT}, {TO_DT} and optionally {AFTER_KEY} (README). It is read instead of the saved query. Give ${parts.root} with it.`,
      ...(stream === 'vendors'
        ? { example: 'MLC_VENDORS_DOC.v1/vendors?from={FROM_DT}&to={TO_DT}&after={AFTER_KEY}' }
        : {}),
    },
    {
      name: parts.root,
      label: `Document name: ${what}`,
      kind: 'text',
      required: false,
      description: `The name of the document the operation answers with (the JSON root), e.g. MLC_VENDOR_DOC.`,
    },
  ] satisfies AddressPart[];
});

export const psftConnectorDescriptor: ConnectorDescriptor = {
  id: 'peoplesoft',
  label: 'PeopleSoft',
  description:
    'Posted journal lines, vendors and customers (current effective-dated addresses), purchase order lines, vouchers and HCM job rows for payroll cost, read from saved PeopleSoft Queries through Query Access Services.',
  authKinds: ['basic', 'oauth2-client-credentials'],
  addressParts: [
    {
      name: 'baseUrl',
      label: 'Web server address',
      kind: 'url',
      required: true,
      description:
        'Scheme, host and port of your PeopleSoft web server (where PSIGW runs), e.g. https://psft.example.com:8443, without a path.',
      example: `http://127.0.0.1:${PSFT_DEFAULT_PORT}`,
    },
    {
      name: 'node',
      label: 'Default local node',
      kind: 'text',
      required: true,
      description:
        "The database's default local node as your site named it (PSFT_EP and PSFT_HR are only the names Oracle ships; sites rename them). It is the last part of the gateway's REST target location.",
      example: 'PSFT_EP',
    },
    {
      name: 'executeQueryAlias',
      label: 'ExecuteQuery alias',
      kind: 'text',
      required: false,
      description: `The external alias of service operation QAS_EXECUTEQRY_REST_GET on its routing. Leave empty for ${DEFAULTS.executeQueryAlias}.`,
      example: DEFAULTS.executeQueryAlias,
    },
    {
      name: 'queryMode',
      label: 'Query mode',
      kind: 'text',
      required: false,
      description:
        'execute (default): one ExecuteQuery per window. poll: the poll variant for long queries (QAS_EXECUTEQRYPOLL_REST_GET runs the query in the Process Scheduler; needs Pub/Sub, the Process Scheduler and QASEXEQRY in the user’s process profile), its status polled and its rows fetched block by block.',
      example: 'poll',
    },
    {
      name: 'pollAlias',
      label: 'Poll alias',
      kind: 'text',
      required: false,
      description: `poll mode: the external alias of QAS_EXECUTEQRYPOLL_REST_GET on its routing (not documented by Oracle; look it up on the routing). Leave empty for ${DEFAULTS.pollAlias}. QueryStatus.v1 and QueryResults.v1 can be renamed with queryStatusAlias and queryResultsAlias.`,
      example: DEFAULTS.pollAlias,
    },
    {
      name: 'queryStatusAlias',
      label: 'Query status alias',
      kind: 'text',
      required: false,
      description: `poll mode: the external alias of QAS_QUERYSTATUS_REST_GET. Default ${DEFAULTS.queryStatusAlias}.`,
      example: DEFAULTS.queryStatusAlias,
    },
    {
      name: 'queryResultsAlias',
      label: 'Query results alias',
      kind: 'text',
      required: false,
      description: `poll mode: the external alias of QAS_GETQUERYRESULTS_REST_GET. Default ${DEFAULTS.queryResultsAlias}.`,
      example: DEFAULTS.queryResultsAlias,
    },
    {
      name: 'pollIntervalSeconds',
      label: 'Poll interval (s)',
      kind: 'text',
      required: false,
      description: `poll mode: seconds between status polls. Default ${DEFAULTS.pollIntervalSeconds}.`,
      example: String(DEFAULTS.pollIntervalSeconds),
    },
    {
      name: 'pollTimeoutSeconds',
      label: 'Poll time limit (s)',
      kind: 'text',
      required: false,
      description: `poll mode: the longest one window's query may take, queued and running, before the stream stops with an error naming the query, window and instance. Default ${DEFAULTS.pollTimeoutSeconds}.`,
      example: String(DEFAULTS.pollTimeoutSeconds),
    },
    {
      name: 'windowDays',
      label: 'Window (days)',
      kind: 'text',
      required: false,
      description: `Days the first query call covers (its FROM_DT to TO_DT); a window with more than maxRows rows is split, and the next window is narrower; after an empty window the next is twice as wide. Default ${DEFAULTS.windowDays}.`,
      example: '1',
    },
    {
      name: 'maxWindowDays',
      label: 'Widest window (days)',
      kind: 'text',
      required: false,
      description: `The widest a window grows to after empty ones, so a first load over years of empty history takes few calls. Default ${DEFAULTS.maxWindowDays}.`,
      example: String(DEFAULTS.maxWindowDays),
    },
    {
      name: 'maxRows',
      label: 'Rows per call',
      kind: 'text',
      required: false,
      description: `Rows one call may return before its window is split (PeopleSoft cuts at maxrows without saying so). Keep it below the Max Rows Fetched of the user's query profile. Default ${DEFAULTS.maxRows}.`,
      example: String(DEFAULTS.maxRows),
    },
    {
      name: 'historyStart',
      label: 'History start',
      kind: 'text',
      required: false,
      description: `The first run reads from this day (YYYY-MM-DD) in windows, after one window from 1900-01-01 for older effective dates. Default ${DEFAULTS.historyStart}.`,
      example: DEFAULTS.historyStart,
    },
    {
      name: 'keyPrompt',
      label: 'Key-paging prompt',
      kind: 'text',
      required: false,
      description:
        'Only when your saved queries have a third prompt comparing their page key (`<key> >= :AFTER_KEY`, ordered by that key, README): its unique name. A day with more rows than maxRows is then read page by page; without it such a day stops the stream.',
      example: 'AFTER_KEY',
    },
    {
      name: 'serverTimeZone',
      label: 'Server time zone',
      kind: 'text',
      required: false,
      description:
        "The zone of PeopleSoft's date-times (its database server's clock), e.g. America/Chicago; default UTC.",
    },
    ...queryParts,
    ...documentAddressParts,
    {
      name: 'documentPageRows',
      label: 'Rows per document page',
      kind: 'text',
      required: false,
      description: `The most rows one page of your document operations answers (their handler's page size): a page this full is followed by the next ({AFTER_KEY}), or without {AFTER_KEY} its window is split. Default ${DEFAULTS.documentPageRows}.`,
      example: String(DEFAULTS.documentPageRows),
    },
    ...cirtAddressParts,
    CA_CERT_FILE_PART,
  ],
  secrets: {
    basic: [{ name: 'secret', label: 'PeopleSoft user (OPRID) password' }],
    'oauth2-client-credentials': [{ name: 'secret', label: 'Identity provider client secret' }],
  },
  streams: PSFT_STREAMS.map((stream) => stream.schema),
  connectionTest: { label: 'Sign in, reach the node and run each saved query over today' },
  simulator: { system: 'peoplesoft', defaultPort: PSFT_DEFAULT_PORT },
};
