/**
 * What the GP Web Services client takes and gives: plain records with amounts as exact decimal text,
 * dates as `YYYY-MM-DD` and instants as ISO text ending in Z (GP's ModifiedDate is UTC, facts §3.1).
 */
import type { ResolveSecret } from '../../kit/auth/secrets.ts';
import type { RetryOptions } from '../../kit/http/retry.ts';
import type { TimeoutOptions } from '../../kit/http/transport.ts';
import type { Scrub } from '../../kit/http/types.ts';

export interface GpWebServicesConfig {
  /** The full legacy endpoint URL (…/DynamicsGPWebServices/DynamicsGPService.asmx). */
  readonly url: string;
  /** GP's company id (CMPANYID), e.g. -1 for the sample company; not the database name (§3.1). */
  readonly companyKey: number;
  /** Default Transactional (§3.1). */
  readonly currencyType?: 'Transactional' | 'Local';
  /** Web Services take Windows sign-in only (§2). */
  readonly auth: {
    readonly method: 'ntlm' | 'negotiate';
    readonly domain: string;
    readonly user: string;
    readonly passwordSecret: string;
  };
  readonly resolveSecret: ResolveSecret;
  readonly caCert?: string;
  readonly retry?: RetryOptions | false;
  readonly timeouts?: TimeoutOptions;
  readonly scrub?: Scrub;
}

/** ISO instants with Z; sent as From / To (inclusive) and GreaterThan / LessThan (exclusive). */
export interface UtcRange {
  readonly from?: string;
  readonly to?: string;
  readonly after?: string;
  readonly before?: string;
}

export interface GlAccountSummary {
  readonly accountNumber: string;
  readonly alias: string;
  readonly description: string;
  readonly isActive: boolean;
  /** Posting, Unit, Fixed Allocation or Variable Allocation. */
  readonly accountType: string;
  /** YYYY-MM-DD */
  readonly createdDate: string;
  /** ISO instant with Z */
  readonly modifiedDate: string;
}

export interface GlAccount extends GlAccountSummary {
  /** Balance Sheet or Profit and Loss. */
  readonly postingType: string;
  /** Debit or Credit. */
  readonly typicalBalance: string;
  readonly category: string | null;
  readonly accountIndex: number | null;
}

export type GlTransactionState = 'Work' | 'Open' | 'History';

export interface GlTransactionSummary {
  readonly journalId: number;
  /** The transaction date, YYYY-MM-DD (GP's Key.Date; there is no other transaction date, §3.1). */
  readonly date: string;
  readonly batchSource: string;
  readonly batchId: string;
  readonly currencyId: string;
  /** ISO instant with Z */
  readonly modifiedDate: string;
  readonly reference: string;
  readonly sourceDocument: string;
  readonly state: GlTransactionState;
  readonly ledgerType: string;
}

export interface GlTransactionLine {
  readonly sequenceNumber: number;
  readonly accountNumber: string;
  /** Exact decimal text, '0.00' when the line is a credit. */
  readonly debit: string;
  readonly credit: string;
  readonly description: string;
}

export interface GlTransaction extends GlTransactionSummary {
  readonly fiscalYear: number | null;
  readonly lines: readonly GlTransactionLine[];
}

export interface NewGlTransaction {
  /** Default GL_Normal. */
  readonly batchSource?: string;
  readonly batchId: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly reference: string;
  readonly currencyId?: string;
  readonly lines: readonly {
    readonly accountNumber: string;
    readonly debit: string;
    readonly credit: string;
    readonly description?: string;
  }[];
}

/**
 * The payroll employee master as the service's Employee object carries it (EmployeeKey, Name{Given,
 * Middle, Family}, DepartmentKey, PositionKey, DivisionKey, EmploymentStartDate, IsActive,
 * EmployeeInactivatedDate): property names from a real client's classmap of the WSDL (facts S31); their
 * order on the wire is unconfirmed.
 */
export interface GpEmployee {
  readonly employeeId: string;
  readonly firstName: string;
  readonly middleName?: string;
  readonly lastName: string;
  readonly department?: string;
  /** GP's position (job title) code. */
  readonly position?: string;
  readonly division?: string;
  /** YYYY-MM-DD */
  readonly hireDate?: string;
  readonly isActive?: boolean;
  /** YYYY-MM-DD */
  readonly inactivatedDate?: string;
  /** ISO instant with Z; read only. */
  readonly modifiedDate?: string;
}

export interface GpEmployeeSummary {
  readonly employeeId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly isActive: boolean;
  readonly modifiedDate: string;
}
