/**
 * GP Web Services faults as plain errors with stable codes (facts §7, §8.8, §8.10). None is transient:
 * GP gives the same answer to the same request, so the runner must not resend it; a dropped connection
 * or a 5xx without a fault stays the kit's error and keeps the kit's retry for reads.
 */
import { MlcError } from '../../../engine/model/errors.ts';

export type GpWebServicesErrorCode = 'GP_VALIDATION' | 'GP_NOT_FOUND' | 'GP_NOT_AUTHORIZED' | 'GP_SERVICE_FAULT';

export class GpWebServicesError extends MlcError {
  override readonly name = 'GpWebServicesError';
  declare readonly code: GpWebServicesErrorCode;

  constructor(
    code: GpWebServicesErrorCode,
    message: string,
    /** The operation that was refused, e.g. CreateGLTransaction. */
    readonly operation: string,
    /** GP's own validation messages (GP_VALIDATION), in GP's words. */
    readonly messages: readonly string[] = [],
    /** The exception log id GP wrote the fault under (§7), for the GP administrator. */
    readonly logId?: string,
    help?: string,
  ) {
    super(code, message, help === undefined ? {} : { help });
  }
}
