/**
 * What main does with one IPC request: check the sender, then the same dispatch as the web bridge
 * (schema validation, the service call, errors as a code and a sentence), the answer scrubbed of
 * secrets before it crosses to the renderer. Kept free of Electron so it is tested as it runs.
 */
import { dispatch, scrubbedAnswer, type DispatchOptions } from '../engine/host/index.ts';
import { isTrustedSender, type SenderFrame } from './security.ts';

export interface IpcRequestHandler {
  (frame: SenderFrame | null | undefined, domain: string, method: string, payload: unknown): Promise<unknown>;
}

export function createIpcHandler(options: DispatchOptions & { readonly studioPageUrl: string }): IpcRequestHandler {
  return async (frame, domain, method, payload) => {
    if (!isTrustedSender(frame, options.studioPageUrl)) {
      options.log(`studio host: refused ${domain}.${method} from a page that is not the studio`);
      return { error: { code: 'UNTRUSTED_SENDER', message: 'Only the studio window may use the studio host.' } };
    }
    return scrubbedAnswer(options.registry, await dispatch(options, domain, method, payload));
  };
}
