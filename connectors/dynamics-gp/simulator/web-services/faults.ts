/**
 * How the simulated GP Web Services fail (facts §7, §8.8, §8.10): every exception is written to an
 * exception log under a new GUID; a validation exception answers "A validation exception has occurred."
 * and its ValidationResult is read back with GetLoggedValidationResultByKey; a system exception answers
 * GP's generic message. The fault carries the log id in `detail/LogId`: which element carries it on a
 * real server is unconfirmed (§7), so the client also looks for any GUID in the detail and the message.
 */
import { randomUUID } from 'node:crypto';
import { buildSoapFault } from '../../../kit/soap/envelope.ts';
import { el, type XmlOut } from '../../../kit/soap/xml.ts';
import {
  GP_NS,
  GP_PREFIXES,
  NOT_FOUND_TEXT,
  SYSTEM_TEXT,
  VALIDATION_TEXT,
  notAuthorizedText,
} from '../../web-services/wire.ts';

/** ValidationItem{ObjectType, PropertyNames, Message, Id} (§7, JAXB ValidationItem). */
export interface ValidationItem {
  readonly objectType: string;
  readonly propertyNames: readonly string[];
  readonly message: string;
}

export interface LoggedException {
  readonly type: 'ValidationException' | 'SystemException';
  readonly operation: string;
  readonly errors: readonly ValidationItem[];
  /** What went wrong, for the administrator (never sent to the caller). */
  readonly detail: string;
}

/** A refusal on its way to becoming a SOAP fault. */
export class WsFault extends Error {
  constructor(
    readonly kind: 'validation' | 'not-found' | 'not-authorized' | 'system',
    message: string,
    readonly errors: readonly ValidationItem[] = [],
  ) {
    super(message);
  }
}

export const validationFault = (errors: readonly ValidationItem[]): WsFault =>
  new WsFault('validation', VALIDATION_TEXT, errors);
export const notFoundFault = (): WsFault => new WsFault('not-found', NOT_FOUND_TEXT);
/** `detail` is logged for the administrator; the caller hears GP's generic words (§7). */
export const systemFault = (detail: string): WsFault => new WsFault('system', detail);

export class ExceptionLog {
  readonly entries = new Map<string, LoggedException>();

  /** Logs the fault and returns its SOAP 1.1 fault document. */
  faultDocument(operation: string, fault: WsFault): string {
    const logId = randomUUID();
    this.entries.set(logId, {
      type: fault.kind === 'validation' ? 'ValidationException' : 'SystemException',
      operation,
      errors: fault.errors,
      detail: fault.message,
    });
    const message =
      fault.kind === 'validation'
        ? VALIDATION_TEXT
        : fault.kind === 'not-found'
          ? NOT_FOUND_TEXT
          : fault.kind === 'not-authorized'
            ? notAuthorizedText(operation)
            : SYSTEM_TEXT;
    return buildSoapFault(
      { code: fault.kind === 'system' ? 'Server' : 'Client', message, detail: [el(GP_NS, 'LogId', logId)] },
      GP_PREFIXES,
    );
  }
}

/** ValidationResult{Errors{ValidationError*}, Warnings} for GetLoggedValidationResultByKey. */
export function validationResultElement(name: string, entry: LoggedException): XmlOut {
  return el(GP_NS, name, [
    el(
      GP_NS,
      'Errors',
      entry.errors.map((item) =>
        el(GP_NS, 'ValidationError', [
          el(GP_NS, 'ObjectType', item.objectType),
          el(
            GP_NS,
            'PropertyNames',
            item.propertyNames.map((property) => el(GP_NS, 'string', property)),
          ),
          el(GP_NS, 'Message', item.message),
          el(GP_NS, 'Id', String(entry.errors.indexOf(item) + 1)),
        ]),
      ),
    ),
    el(GP_NS, 'Warnings', []),
  ]);
}
