/**
 * The renderer's proxy: a ChannelMap whose every method sends `(domain, method, payload)` through a
 * transport (Electron's preload bridge or the HTTP bridge) and returns the answer. Built from the
 * request schemas' keys, so there is no method the host does not validate and no string to mistype.
 */
import { requestSchemas, type ChannelMap, type Domain } from './contract.ts';
import type { ApiError, StudioEvent } from './wire.ts';

/** What a host offers the renderer; both hosts' transports implement it. */
export interface Transport {
  /** Resolves with the answer, or rejects with an ApiCallError. */
  invoke(domain: string, method: string, payload: unknown): Promise<unknown>;
  /** Run progress and other pushed events; returns the unsubscribe function. */
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** A host's refusal or failure, with its stable code (and the field at fault for a bad payload). */
export class ApiCallError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.field = error.field;
  }
}

export interface StudioClient extends ChannelMap {
  onEvent(listener: (event: StudioEvent) => void): () => void;
}

export function createStudioClient(transport: Transport): StudioClient {
  const domains = Object.fromEntries(
    (Object.keys(requestSchemas) as Domain[]).map((domain) => [
      domain,
      Object.freeze(
        Object.fromEntries(
          Object.keys(requestSchemas[domain]).map((method) => [
            method,
            (payload: unknown) => transport.invoke(domain, method, payload),
          ]),
        ),
      ),
    ]),
  );
  // The cast is the one place the generic table meets the typed interface; the keys come from the schemas.
  return Object.freeze({
    ...(domains as unknown as ChannelMap),
    onEvent: (listener: (event: StudioEvent) => void) => transport.subscribe(listener),
  });
}
