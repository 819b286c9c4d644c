/**
 * One studio API call, whatever carried it (the web bridge's HTTP or Electron's IPC): the channel
 * and payload checked against the contract's schemas, the service called, and the answer or error
 * as plain data, scrubbed of every secret this process knows. Never a stack: unexpected errors are
 * logged (scrubbed) and answered with a sentence.
 */
import type { SecretRegistry } from '../secrets/index.ts';
import { errorAnswer, scrubbedJson, type ErrorBody } from './bridge/answers.ts';

/** A request's payload checked against the channel's schema: unknown channel, the typed payload, or the field at fault. */
export type Validation =
  | undefined
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly field: string; readonly message: string };

export interface DispatchOptions {
  /** The contract's request schemas, applied to untrusted domain, method and payload. */
  readonly validate: (domain: string, method: string, payload: unknown) => Validation;
  /** The services, one object per domain (the ChannelMap); called only for channels `validate` knows. */
  readonly services: object;
  readonly registry: SecretRegistry;
  readonly log: (line: string) => void;
}

export type Answer =
  { readonly status: 200; readonly result: unknown } | { readonly status: number; readonly error: ErrorBody };

export async function dispatch(
  options: DispatchOptions,
  domain: string,
  method: string,
  payload: unknown,
): Promise<Answer> {
  const checked = options.validate(domain, method, payload);
  if (checked === undefined)
    return {
      status: 404,
      error: { code: 'UNKNOWN_CHANNEL', message: `There is no ${domain}.${method} in the studio API.` },
    };
  if (!checked.ok)
    return { status: 400, error: { code: 'INVALID_PAYLOAD', message: checked.message, field: checked.field } };
  const service = (options.services as Record<string, Record<string, unknown>>)[domain];
  const handler = service?.[method];
  if (typeof handler !== 'function')
    return {
      status: 404,
      error: { code: 'UNKNOWN_CHANNEL', message: `There is no ${domain}.${method} in this host.` },
    };
  try {
    const result: unknown = await (handler as (payload: unknown) => Promise<unknown>).call(service, checked.data);
    return { status: 200, result };
  } catch (error) {
    const answer = errorAnswer(error);
    if (answer.log)
      options.log(
        options.registry.scrub(
          `studio host: ${domain}.${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      );
    return { status: answer.status, error: answer.body };
  }
}

/** A value as it leaves the host: JSON data with every known secret masked. */
export function scrubbedData(registry: SecretRegistry, value: unknown): unknown {
  return JSON.parse(scrubbedJson(registry, value));
}

/** The answer as it leaves the host: `{ result }` or `{ error }`, scrubbed. */
export function scrubbedAnswer(registry: SecretRegistry, answer: Answer): unknown {
  return scrubbedData(registry, 'result' in answer ? { result: answer.result } : { error: answer.error });
}
