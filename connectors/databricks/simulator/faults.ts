/**
 * The ways a real workspace fails that the simulator reproduces on demand, each in the words the real
 * system uses (sources in the connector's README, "Failures reproduced"). The object a test holds stays
 * live: setting a field while the simulator runs takes effect on the next call.
 */
import { randomUUID } from 'node:crypto';

/** Privileges a principal may lack, as Unity Catalog names them. */
export type Privilege = 'CREATE SCHEMA' | 'CREATE TABLE';

export interface WorkspaceFaults {
  /**
   * A statement that fails fast has its failure inside ExecuteStatement's direct results (an operation
   * status in ERROR_STATE, no result set), not on a later status poll, as a real warehouse answers. On
   * unless set to false; false: the failure is seen on the driver's first GetOperationStatus.
   */
  errorsInDirectResults?: boolean;
  /**
   * A stopped warehouse being started by the first call after this is set: cold for `seconds` by `now`
   * (default the wall clock). First half: every Thrift call answers 503 TEMPORARILY_UNAVAILABLE. Second
   * half: OpenSession is accepted but each statement is refused with `Couldn't create directory
   * /local_disk0/tmp/<id>/_resources`; a session opened while cold stays refused once the warehouse is up.
   */
  coldStart?: { seconds: number; now?: () => number; since?: number };
  /** Privileges the caller lacks: statements that need them are refused with PERMISSION_DENIED. */
  deniedPrivileges?: readonly Privilege[];
  /**
   * Sessions the warehouse forgets (its idle timeout, a restart). `now`: every open session, before the
   * next call. `during-next-statement`: the next statement runs (and commits), then the warehouse restarts
   * before the client has read its outcome. The next call on a forgotten session gets `Invalid SessionHandle`.
   */
  dropSessions?: 'now' | 'during-next-statement';
  /** The next N token requests answer 400 `invalid_request` "Temporarily throttled, too many requests". */
  throttleTokenRequests?: number;
}

export type ColdPhase = 'unavailable' | 'booting' | 'warm';

/** Where a cold start stands now; the first call after `coldStart` is set starts the clock. */
export function coldPhase(faults: WorkspaceFaults): ColdPhase {
  const cold = faults.coldStart;
  if (cold === undefined) return 'warm';
  const now = (cold.now ?? Date.now)();
  cold.since ??= now;
  const elapsed = now - cold.since;
  if (elapsed >= cold.seconds * 1000) {
    delete faults.coldStart;
    return 'warm';
  }
  return elapsed < (cold.seconds * 1000) / 2 ? 'unavailable' : 'booting';
}

/** The 503 a starting warehouse answers on its Thrift endpoint (trinodb/trino#29376, lightdash/lightdash#28654). */
export function temporarilyUnavailable(warehouseId: string): { status: 503; headers: Record<string, string> } {
  return {
    status: 503,
    headers: {
      'x-thriftserver-error-message': `TEMPORARILY_UNAVAILABLE: Cluster ${warehouseId} is temporarily unavailable`,
    },
  };
}

/** A statement refused while the warehouse's nodes boot (lightdash/lightdash#28654). */
export function bootingRefusal(): string {
  return `Couldn't create directory /local_disk0/tmp/${randomUUID()}/_resources`;
}

/** A session opened while the warehouse was cold, used once it is up (lightdash/lightdash#27953). */
export function unopenedSession(sessionId: string): string {
  return `requirement failed: Session handle: SessionHandle [${sessionId}] has not been initialized or had already closed.`;
}

/** A session the warehouse forgot (databricks/databricks-sql-python#400, databricks/databricks-sql-go#77). */
export function invalidSession(sessionId: string): string {
  return `Invalid SessionHandle: SessionHandle [${sessionId}]`;
}

/** The token endpoint's throttling answer (databricks/databricks-sdk-go#321). */
export function throttledTokenRequest(): { status: 400; body: { error: string; error_description: string } } {
  return {
    status: 400,
    body: { error: 'invalid_request', error_description: 'Temporarily throttled, too many requests' },
  };
}

/** Takes one from a count fault; true when the fault applies to this call. */
export function takeOne(faults: WorkspaceFaults, key: 'throttleTokenRequests'): boolean {
  const left = faults[key] ?? 0;
  if (left <= 0) return false;
  faults[key] = left - 1;
  return true;
}
