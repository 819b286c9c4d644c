/**
 * Every error a connector raises to the engine sits on the one MlcError base with a stable code, so the
 * runner's retry-by-code (isTransient) and its messages see them all; a class on plain Error would be
 * neither retried when transient nor shown with its code.
 */
import { describe, expect, it } from 'vitest';
import { isTransient, MlcError } from '../engine/model/errors.ts';
import { PayrollOptionsError } from './bamboohr/payroll/read-payroll.ts';
import { BambooSourceError } from './bamboohr/source.ts';
import { DatabricksDestinationError } from './databricks/errors.ts';
import { DuckDbDestinationError } from './duckdb/errors.ts';
import { GpTargetError } from './dynamics-gp/destination/tables.ts';
import { GpSourceError } from './dynamics-gp/source.ts';
import { FileSourceError } from './file/errors.ts';
import { SpnegoError } from './kit/auth/spnego.ts';
import { KitError } from './kit/errors.ts';
import { JsonSyntaxError } from './kit/json-exact.ts';
import { UnsupportedConnectionError } from './kit/module/connection-parts.ts';
import { SourceRequestError } from './kit/rest/read-request.ts';
import { RefreshTokenStorageError } from './refresh-token-storage.ts';

describe('connector errors', () => {
  it('all extend MlcError and carry their code', () => {
    const errors: [Error, string][] = [
      [new KitError('HTTP_503', 'busy'), 'HTTP_503'],
      [new SourceRequestError('UNKNOWN_ENTITY', 'no such entity'), 'UNKNOWN_ENTITY'],
      [new GpSourceError('UNSUPPORTED_FILTER', 'no filter'), 'UNSUPPORTED_FILTER'],
      [new BambooSourceError('UNSUPPORTED_CURSOR', 'no cursor'), 'UNSUPPORTED_CURSOR'],
      [new GpTargetError('no table'), 'GP_TARGET_INVALID'],
      [new PayrollOptionsError('no window'), 'PAYROLL_OPTIONS_INVALID'],
      [new FileSourceError('CSV_MALFORMED', 'bad csv'), 'CSV_MALFORMED'],
      [new DuckDbDestinationError('WRITE_CONFLICT', 'conflict'), 'WRITE_CONFLICT'],
      [
        new DatabricksDestinationError('DATABRICKS_WRITE_CONFLICT', 'conflict', { transient: true }),
        'DATABRICKS_WRITE_CONFLICT',
      ],
      [new RefreshTokenStorageError('cannot store'), 'REFRESH_TOKEN_UNSTORABLE'],
      [new SpnegoError('truncated'), 'SPNEGO_PROTOCOL'],
      [new JsonSyntaxError('bad json', 0), 'JSON_MALFORMED'],
      [new UnsupportedConnectionError('no such part'), 'UNSUPPORTED_CONNECTION'],
    ];
    for (const [error, code] of errors) {
      expect(error, error.name).toBeInstanceOf(MlcError);
      expect((error as MlcError).code, error.name).toBe(code);
    }
  });

  it('a transient Databricks error is transient for the runner, a permanent one is not', () => {
    expect(isTransient(new DatabricksDestinationError('DATABRICKS_UNAVAILABLE', 'starting', { transient: true }))).toBe(
      true,
    );
    expect(
      isTransient(new DatabricksDestinationError('DATABRICKS_OUTCOME_UNKNOWN', 'may have run', { transient: false })),
    ).toBe(false);
  });
});
