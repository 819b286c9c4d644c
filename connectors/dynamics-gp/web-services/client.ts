/**
 * The GP Web Services client (the legacy SOAP 1.1 "Dynamics GP service", facts file
 * `dynamics-gp-web-services.md`): the kit's HTTP client (one dispatcher: proxy, private CA, retry, the
 * pinned NTLM connection) with Windows sign-in, SOAP envelopes built and read by `kit/soap`, faults
 * turned into `GpWebServicesError`s. Reads may be resent by the kit; writes never are (`idempotent: false`).
 */
import { ntlmAuth } from '../../kit/auth/ntlm.ts';
import { KitError } from '../../kit/errors.ts';
import { createHttpClient, type HttpClient } from '../../kit/http/client.ts';
import type { Scrub } from '../../kit/http/types.ts';
import { SOAP11_CONTENT_TYPE, SoapFaultError, buildSoapEnvelope, readSoapEnvelope } from '../../kit/soap/envelope.ts';
import { soapFaults } from '../../kit/soap/fault-interceptor.ts';
import { XmlSyntaxError, child, childrenNamed, el, textAt, type XmlElement, type XmlOut } from '../../kit/soap/xml.ts';
import { guardNtlmHandshake } from '../ntlm-guard.ts';
import { employeeElement, employeeListCriteria } from './employee-requests.ts';
import { GpWebServicesError } from './errors.ts';
import {
  accountKey,
  booleanEquals,
  contextElement,
  dateTimeBetween,
  gpDateTime,
  newGlTransaction,
  operationElement,
  policyElement,
  postedTransactionKey,
  stringEquals,
  transactionKey,
  transactionStates,
} from './requests.ts';
import {
  faultLogId,
  readEmployee,
  readEmployeeSummary,
  readGlAccount,
  readGlAccountSummary,
  readGlTransaction,
  readGlTransactionSummary,
  readValidationMessages,
} from './responses.ts';
import type {
  GlAccount,
  GlAccountSummary,
  GlTransaction,
  GlTransactionState,
  GlTransactionSummary,
  GpEmployee,
  GpEmployeeSummary,
  GpWebServicesConfig,
  NewGlTransaction,
  UtcRange,
} from './types.ts';
import { CREATE_GL_TRANSACTION_POLICY, GL_NORMAL, GP_NS, GP_PREFIXES, NOT_FOUND_TEXT, soapAction } from './wire.ts';

export { GP_LIST_CAP } from './wire.ts';
export type * from './types.ts';

const gp = (name: string, content?: string | readonly (XmlOut | undefined)[]): XmlOut => el(GP_NS, name, content);

interface CallOptions {
  readonly write?: boolean;
  readonly signal?: AbortSignal | undefined;
}

export class GpWebServicesClient {
  private readonly http: HttpClient;
  private readonly path: string;
  private readonly context: XmlOut;
  private readonly scrub: Scrub;
  private readonly policies = new Map<string, Promise<string>>();

  constructor(private readonly config: GpWebServicesConfig) {
    const url = new URL(config.url);
    this.path = `${url.pathname}${url.search}`;
    this.context = contextElement({
      companyKey: config.companyKey,
      currencyType: config.currencyType ?? 'Transactional',
    });
    // The password is masked in every text this client raises, besides the engine's own scrubber.
    const secrets = new Set<string>();
    this.scrub = (text) => {
      let masked = text;
      for (const secret of secrets) masked = masked.split(secret).join('***');
      return config.scrub === undefined ? masked : config.scrub(masked);
    };
    const signIn = guardNtlmHandshake(
      ntlmAuth({
        user: config.auth.user,
        domain: config.auth.domain,
        passwordSecret: config.auth.passwordSecret,
        resolveSecret: async (name) => {
          const value = await config.resolveSecret(name);
          if (value !== '') secrets.add(value);
          return value;
        },
        scheme: config.auth.method,
      }),
    );
    this.http = createHttpClient({
      baseUrl: url.origin,
      auth: signIn.auth,
      interceptors: [signIn.interceptor, soapFaults()],
      scrub: this.scrub,
      ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
      ...(config.retry === undefined ? {} : { retry: config.retry }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    });
  }

  /** GLAccountSummary list (at most GP_LIST_CAP, silently: facts §5). */
  async getGLAccountList(
    criteria: { readonly modified?: UtcRange; readonly isActive?: boolean },
    signal?: AbortSignal,
  ): Promise<readonly GlAccountSummary[]> {
    const result = await this.call(
      'GetGLAccountList',
      [
        gp('criteria', [
          dateTimeBetween('ModifiedDate', criteria.modified),
          booleanEquals('IsActive', criteria.isActive),
        ]),
      ],
      { signal },
    );
    return childrenNamed(result, 'GLAccountSummary').map(readGlAccountSummary);
  }

  /** The account, or undefined when GP answers "Business object not found." (§8.8). */
  async getGLAccountByKey(accountNumber: string, signal?: AbortSignal): Promise<GlAccount | undefined> {
    const result = await this.findByKey('GetGLAccountByKey', [accountKey('key', accountNumber)], signal);
    return result === undefined ? undefined : readGlAccount(result);
  }

  /** Summaries of Work, Open and History journals (no amounts, no lines: §3.1), at most GP_LIST_CAP. */
  async getGLTransactionList(
    criteria: {
      readonly modified?: UtcRange;
      readonly date?: { readonly from?: string; readonly to?: string };
      readonly batchId?: string;
      readonly states?: readonly GlTransactionState[];
    },
    signal?: AbortSignal,
  ): Promise<readonly GlTransactionSummary[]> {
    const date =
      criteria.date === undefined
        ? undefined
        : {
            ...(criteria.date.from === undefined ? {} : { from: gpDateTime(criteria.date.from) }),
            ...(criteria.date.to === undefined ? {} : { to: gpDateTime(criteria.date.to) }),
          };
    const result = await this.call(
      'GetGLTransactionList',
      [
        gp('criteria', [
          dateTimeBetween('Date', date),
          dateTimeBetween('ModifiedDate', criteria.modified),
          stringEquals('BatchId', criteria.batchId),
          transactionStates(criteria.states),
        ]),
      ],
      { signal },
    );
    return childrenNamed(result, 'GLTransactionSummary').map(readGlTransactionSummary);
  }

  /** The journal with its lines: GetGLTransactionByKey for Work, GetGLPostedTransactionByKey for Open/History (§4.1). */
  async getGLTransaction(
    summary: Pick<GlTransactionSummary, 'journalId' | 'date' | 'state'>,
    signal?: AbortSignal,
  ): Promise<GlTransaction | undefined> {
    const result =
      summary.state === 'Work'
        ? await this.findByKey(
            'GetGLTransactionByKey',
            [transactionKey('key', summary.journalId, summary.date)],
            signal,
          )
        : await this.findByKey(
            'GetGLPostedTransactionByKey',
            [postedTransactionKey(summary.journalId, summary.date)],
            signal,
          );
    return result === undefined ? undefined : readGlTransaction(result);
  }

  /**
   * Creates the journal unposted in the named batch; GP numbers it and answers nothing (§6.1), so a
   * caller finds it afterwards by BatchId and Reference. Never resent by the kit: a reset or timeout may
   * have created it, and the caller looks before it tries again.
   */
  async createGLTransaction(journal: NewGlTransaction): Promise<void> {
    const currency = journal.currencyId ?? 'USD';
    await this.call(
      'CreateGLTransaction',
      [newGlTransaction(journal, journal.batchSource ?? GL_NORMAL, currency)],
      { write: true },
      policyElement(CREATE_GL_TRANSACTION_POLICY),
    );
  }

  async getEmployeeByKey(id: string, signal?: AbortSignal): Promise<GpEmployee | undefined> {
    const result = await this.findByKey('GetEmployeeByKey', [gp('key', [gp('Id', id)])], signal);
    return result === undefined ? undefined : readEmployee(result);
  }

  async getEmployeeList(
    criteria: { readonly modified?: UtcRange },
    signal?: AbortSignal,
  ): Promise<readonly GpEmployeeSummary[]> {
    const result = await this.call('GetEmployeeList', [employeeListCriteria(criteria.modified)], { signal });
    return childrenNamed(result, 'EmployeeSummary').map(readEmployeeSummary);
  }

  async createEmployee(employee: GpEmployee): Promise<void> {
    await this.write('CreateEmployee', employee);
  }

  /** UpdateEmployee follows the service's naming pattern; its existence on a real server is unconfirmed (§4.2). */
  async updateEmployee(employee: GpEmployee): Promise<void> {
    await this.write('UpdateEmployee', employee);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async write(operation: 'CreateEmployee' | 'UpdateEmployee', employee: GpEmployee): Promise<void> {
    const policy = await this.policyId(operation);
    await this.call(operation, [employeeElement(employee)], { write: true }, policyElement(policy));
  }

  /** The policy a create or update passes: GetPolicyByOperation, as the docs' samples do (§6.1), once per operation. */
  private policyId(operation: string): Promise<string> {
    let found = this.policies.get(operation);
    if (found === undefined) {
      found = this.call('GetPolicyByOperation', [gp('operationName', operation)], {}).then((policy) => {
        const id = textAt(policy, 'Key', 'Id');
        if (id === undefined)
          throw new KitError('RESPONSE_INVALID', `GP answered GetPolicyByOperation(${operation}) without a policy id`);
        return id;
      });
      found.catch(() => this.policies.delete(operation));
      this.policies.set(operation, found);
    }
    return found;
  }

  /** A ByKey read; "Business object not found." is undefined, not an error. */
  private async findByKey(
    operation: string,
    parameters: readonly XmlOut[],
    signal: AbortSignal | undefined,
  ): Promise<XmlElement | undefined> {
    try {
      return await this.call(operation, parameters, { signal });
    } catch (error) {
      if (error instanceof GpWebServicesError && error.code === 'GP_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Sends `<Op>parameters, context[, policy]</Op>` and returns `<OpResponse><OpResult>`. */
  private async call(
    operation: string,
    parameters: readonly (XmlOut | undefined)[],
    options: CallOptions,
    policy?: XmlOut,
  ): Promise<XmlElement | undefined> {
    const body = buildSoapEnvelope(operationElement(operation, [...parameters, this.context, policy]), GP_PREFIXES);
    let text: string;
    try {
      const response = await this.http.send({
        method: 'POST',
        path: this.path,
        headers: { 'content-type': SOAP11_CONTENT_TYPE, soapaction: soapAction(operation) },
        body,
        idempotent: options.write !== true,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      text = response.body.toString('utf8');
    } catch (error) {
      if (error instanceof SoapFaultError) throw await this.faultError(operation, error);
      throw error;
    }
    let answer;
    try {
      answer = readSoapEnvelope(text);
    } catch (error) {
      const what = error instanceof XmlSyntaxError ? 'text that is not XML' : 'XML that is not a SOAP 1.1 envelope';
      throw new KitError('RESPONSE_INVALID', `GP Web Services answered ${operation} with ${what}`, { cause: error });
    }
    if (answer.kind === 'fault') throw await this.faultError(operation, new SoapFaultError(answer.fault));
    if (answer.body?.name !== `${operation}Response`)
      throw new KitError('RESPONSE_INVALID', `GP Web Services answered ${operation} without a ${operation}Response`);
    return child(answer.body, `${operation}Result`);
  }

  /** A fault in plain words (§7, §8.8, §8.10); a validation fault's messages are GP's own, read from its log. */
  private async faultError(operation: string, error: SoapFaultError): Promise<GpWebServicesError> {
    const message = this.scrub(error.fault.message);
    const logId = faultLogId(error.fault.detail, error.fault.message);
    if (message.includes(NOT_FOUND_TEXT))
      return new GpWebServicesError(
        'GP_NOT_FOUND',
        `GP found no such record for ${operation}: ${message}`,
        operation,
        [],
        logId,
      );
    if (/validation exception/i.test(message)) {
      const messages = logId === undefined ? [] : await this.validationMessages(logId);
      const words = messages.length > 0 ? messages.join(' ') : message;
      return new GpWebServicesError(
        'GP_VALIDATION',
        `GP refused ${operation}: ${words}`,
        operation,
        messages.length > 0 ? messages : [message],
        logId,
      );
    }
    if (/not authorized|no autorizado/i.test(message))
      return new GpWebServicesError(
        'GP_NOT_AUTHORIZED',
        `GP refused ${operation}: the signed-in user's role is not granted the operation ${operation} (${message})`,
        operation,
        [],
        logId,
        `Ask the GP administrator to grant ${operation} to this user's role in the Dynamics Security Service.`,
      );
    return new GpWebServicesError(
      'GP_SERVICE_FAULT',
      `GP Web Services failed on ${operation}: ${message}${logId === undefined ? '' : ` (exception log id ${logId})`}`,
      operation,
      [],
      logId,
    );
  }

  /** GetLoggedValidationResultByKey(logId) -> ValidationResult (§7); its own failure keeps the fault's words. */
  private async validationMessages(logId: string): Promise<string[]> {
    try {
      const result = await this.call('GetLoggedValidationResultByKey', [gp('key', [gp('Id', logId)])], {});
      return readValidationMessages(result).map(this.scrub);
    } catch {
      return [];
    }
  }
}
