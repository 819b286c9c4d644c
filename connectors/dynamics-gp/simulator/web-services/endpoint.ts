/**
 * The legacy GP Web Services endpoint (`/DynamicsGPWebServices/DynamicsGPService.asmx`, facts §1.1, §8)
 * over the simulator's company database (`GpStore`), behind the same sign-in and fault injection as SBA.
 * What it refuses, in order: a body that is not `text/xml` (415, WCF's words); a SOAPAction that does not
 * name the body's operation, or an operation it does not serve (WCF's ContractFilter fault, §8.1); XML it
 * cannot read (a system fault, §7); an operation the caller's role is not granted (§8.10); a Context
 * without a numeric CompanyKey of an existing company (§8.2); then each operation's own refusals.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SOAP11_CONTENT_TYPE,
  buildSoapEnvelope,
  buildSoapFault,
  readSoapEnvelope,
} from '../../../kit/soap/envelope.ts';
import { child, el, textAt, type XmlElement, type XmlOut } from '../../../kit/soap/xml.ts';
import { DYNAMICS_NS, GP_NS, GP_PREFIXES } from '../../web-services/wire.ts';
import type { GpStore } from '../store.ts';
import { ExceptionLog, WsFault, notFoundFault, systemFault, validationResultElement } from './faults.ts';
import {
  getGLAccountByKey,
  getGLAccountList,
  getGLPostedTransactionByKey,
  getGLTransactionByKey,
  getGLTransactionList,
} from './gl-reads.ts';
import { createGLTransaction } from './gl-create.ts';
import { createEmployee, getEmployeeByKey, getEmployeeList, updateEmployee } from './employees.ts';
import type { OperationContext } from './operation-context.ts';
import { policyIdFor } from './policies.ts';

export interface WebServicesOptions {
  readonly store: GpStore;
  /** Items a list returns at most (GP: 1000, §5); lower in tests so a window overflows with few rows. */
  readonly listCap: number;
  /** Operations the caller's role is not granted in the Dynamics Security Service (§8.10). */
  readonly deniedOperations: readonly string[];
  /** The company's numeric id (CMPANYID); -1 is the sample company's. */
  readonly companyKey: number;
  /** The simulator's write counts, shared with SBA's writes: what tests count to show nothing invalid was saved. */
  readonly writes?: { created: number; updated: number; refused: number; readonly refusals: string[] };
  /** Asked after a write is saved: true drops the connection instead of answering (a response lost at a proxy). */
  readonly dropWrite?: () => boolean;
}

/** Operations that change the company's data, and what they count as. */
const WRITES: Readonly<Record<string, 'created' | 'updated'>> = {
  CreateGLTransaction: 'created',
  CreateEmployee: 'created',
  UpdateEmployee: 'updated',
};

type Operation = (context: OperationContext, request: XmlElement, log: ExceptionLog) => XmlOut | undefined;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  GetGLAccountList: getGLAccountList,
  GetGLAccountByKey: getGLAccountByKey,
  GetGLTransactionList: getGLTransactionList,
  GetGLTransactionByKey: getGLTransactionByKey,
  GetGLPostedTransactionByKey: getGLPostedTransactionByKey,
  CreateGLTransaction: createGLTransaction,
  GetEmployeeByKey: getEmployeeByKey,
  GetEmployeeList: getEmployeeList,
  CreateEmployee: createEmployee,
  UpdateEmployee: updateEmployee,
  GetLoggedValidationResultByKey: (_context, request, log) => {
    const id = (textAt(request, 'key', 'Id') ?? '').trim().toLowerCase();
    const entry = log.entries.get(id);
    if (entry === undefined || entry.type !== 'ValidationException') throw notFoundFault();
    return validationResultElement('GetLoggedValidationResultByKeyResult', entry);
  },
  GetPolicyByOperation: (_context, request) => {
    const operation = (textAt(request, 'operationName') ?? '').trim();
    if (!(operation in OPERATIONS)) throw notFoundFault();
    return el(GP_NS, 'GetPolicyByOperationResult', [el(GP_NS, 'Key', [el(GP_NS, 'Id', policyIdFor(operation))])]);
  },
};

export interface WebServicesEndpoint {
  handle(request: IncomingMessage, response: ServerResponse, body: string): void;
  readonly log: ExceptionLog;
}

export function createWebServicesEndpoint(options: WebServicesOptions): WebServicesEndpoint {
  const log = new ExceptionLog();

  function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
    // Windows sign-in only (facts §2: the WSDL's policy is http:NtlmAuthentication); Basic stays SBA's.
    if (/^basic\s/i.test(request.headers.authorization ?? '')) {
      response.writeHead(401, { 'WWW-Authenticate': ['Negotiate', 'NTLM'], 'Content-Length': 0 });
      return void response.end();
    }
    if (request.method !== 'POST') return sendText(response, 405, 'Method not allowed.');
    const contentType = request.headers['content-type'] ?? '';
    if (!/^text\/xml\b/i.test(contentType))
      return sendText(
        response,
        415,
        `Cannot process the message because the content type '${contentType}' was not the expected type '${SOAP11_CONTENT_TYPE}'.`,
      );
    const action = String(request.headers.soapaction ?? '').replace(/^"|"$/g, '');
    let operationElement: XmlElement | undefined;
    try {
      const message = readSoapEnvelope(body);
      operationElement = message.kind === 'body' ? message.body : undefined;
    } catch (error) {
      return sendFault(response, action, systemFault(`the request could not be read: ${(error as Error).message}`));
    }
    const operation = operationElement?.ns === GP_NS ? operationElement.name : undefined;
    if (operation === undefined || !(operation in OPERATIONS) || action !== `${GP_NS}/${operation}`)
      return sendXml(response, 500, contractMismatch(action));
    const run = OPERATIONS[operation];
    if (operationElement === undefined || run === undefined) return sendXml(response, 500, contractMismatch(action));
    try {
      if (options.deniedOperations.includes(operation)) throw new WsFault('not-authorized', `${operation} not granted`);
      const context = readContext(operationElement, options);
      const result = run(context, operationElement, log);
      const written = WRITES[operation];
      if (written !== undefined && options.writes !== undefined) options.writes[written] += 1;
      if (written !== undefined && options.dropWrite?.() === true) return void request.socket.destroy();
      sendXml(
        response,
        200,
        buildSoapEnvelope(el(GP_NS, `${operation}Response`, result === undefined ? [] : [result]), GP_PREFIXES),
      );
    } catch (error) {
      if (!(error instanceof WsFault)) throw error;
      if (WRITES[operation] !== undefined && options.writes !== undefined) {
        options.writes.refused += 1;
        options.writes.refusals.push(error.errors.map((item) => item.message).join(' ') || error.message);
      }
      return sendFault(response, operation, error);
    }
  }

  function sendFault(response: ServerResponse, operation: string, fault: WsFault): void {
    sendXml(response, 500, log.faultDocument(operation, fault));
  }

  return { handle, log };
}

/**
 * §3.1, §8.2: `context/OrganizationKey` of `xsi:type` CompanyKey with the numeric company id. Without it
 * the service works in the system database (DYNAMICS), which has no company tables, so the call fails
 * with a system exception: the simulator's choice of fault, unconfirmed (the facts file leaves the exact
 * behaviour open). A company id that does not exist fails the same way (unconfirmed too); an abstract
 * OrganizationKey without `xsi:type`, a non-numeric id or an unknown CurrencyType cannot be deserialized.
 */
function readContext(operation: XmlElement, options: WebServicesOptions): OperationContext {
  const context = child(operation, 'context');
  if (context === undefined || context.nil) throw systemFault('no context was given');
  const organization = child(context, 'OrganizationKey', DYNAMICS_NS);
  if (organization === undefined || organization.nil)
    throw systemFault('no OrganizationKey: the call ran against the system database, which has no company data');
  if (organization.type?.ns !== DYNAMICS_NS || organization.type.name !== 'CompanyKey')
    throw systemFault('OrganizationKey is abstract: its xsi:type must name CompanyKey');
  const id = textAt(organization, 'Id')?.trim() ?? '';
  if (!/^-?\d+$/.test(id)) throw systemFault(`CompanyKey Id '${id.slice(0, 20)}' is not an xs:int`);
  if (Number(id) !== options.companyKey) throw systemFault(`there is no company with id ${id}`);
  const currencyType = textAt(context, 'CurrencyType')?.trim() ?? 'Transactional';
  if (currencyType !== 'Transactional' && currencyType !== 'Local')
    throw systemFault(`'${currencyType.slice(0, 20)}' is not a CurrencyType`);
  return { store: options.store, listCap: options.listCap, currencyType };
}

/** WCF's answer to an action no operation of the contract has (the legacy endpoint is WCF BasicHttpBinding, §2). */
function contractMismatch(action: string): string {
  return buildSoapFault({
    code: 'Client',
    message:
      `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch ` +
      'at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between ' +
      'sender and receiver) or a binding/security mismatch between the sender and the receiver. Check that sender ' +
      'and receiver have the same contract and the same binding (including security requirements, e.g. Message, ' +
      'Transport, None).',
  });
}

function sendXml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'Content-Type': SOAP11_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function sendText(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
