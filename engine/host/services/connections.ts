/**
 * A pipeline's connections, their connection test, and the secrets they name. Secret values go in
 * (`setSecret`) and are remembered for scrubbing at once; nothing here ever returns one.
 */
import { pingConnection, systemCatalog } from '../../../connectors/registry.ts';
import { connectionContext } from '../../model/connection-context.ts';
import { MlcError } from '../../model/errors.ts';
import { secretNamesOf } from '../../model/connection-secrets.ts';
import { ownEntry } from '../../model/own-names.ts';
import { loadRef, secretAccess, type HostContext, type PipelineRefInput } from './context.ts';
import { SESSION_ONLY } from './session-secrets.ts';
import type { SignIns } from './sign-in.ts';

export function connectionsService(context: HostContext, signIns: SignIns) {
  return {
    async list(request: { pipeline: PipelineRefInput }) {
      const { pipeline } = loadRef(context, request.pipeline);
      return Promise.all(
        Object.entries(pipeline.connections).map(async ([name, connection]) => ({
          name,
          system: connection.system,
          address: connection.address,
          authMethod: connection.auth.method,
          secrets: await Promise.all(
            secretNamesOf(connection).map(async (secret) => ({
              name: secret,
              stored: (await context.secrets.lookup(secret).catch(() => undefined)) !== undefined,
            })),
          ),
          ...(connection.notes !== undefined ? { notes: connection.notes } : {}),
        })),
      );
    },

    /** The system's own answer, in words (the registry's ping never throws). */
    async test(request: { pipeline: PipelineRefInput; connection: string }) {
      const loaded = loadRef(context, request.pipeline);
      const connection = ownEntry(loaded.pipeline.connections, request.connection);
      if (!connection)
        throw new MlcError('NOT_FOUND', `There is no connection named "${request.connection}" in this pipeline.`);
      // Signing in may rotate a refresh token (BambooHR OAuth): the new one must replace the old in the keychain.
      const answer = await pingConnection(
        connectionContext(loaded, request.connection, secretAccess(context), connection),
      );
      return {
        ok: answer.ok,
        test: answer.test,
        message: answer.message,
        ...(answer.code !== undefined ? { code: answer.code } : {}),
      };
    },

    /** `sessionOnly`: there is no keychain and the analyst chose to keep it in this process's memory. */
    async setSecret(request: { name: string; value: string; sessionOnly?: boolean | undefined }) {
      // Remembered before anything else can fail: an error that echoes the value is scrubbed too.
      context.registry.remember(request.value);
      if (request.sessionOnly === true && context.secrets.keepForSession !== undefined) {
        context.secrets.keepForSession(request.name, request.value);
        return { name: request.name, where: SESSION_ONLY, changed: true };
      }
      await context.secrets.set(request.name, request.value);
      return { name: request.name, where: context.secrets.describe(), changed: true };
    },

    async deleteSecret(request: { name: string }) {
      const changed = await context.secrets.delete(request.name);
      return { name: request.name, where: context.secrets.describe(), changed };
    },

    /**
     * The OAuth sign-in through the browser: answers with the page to open once the loopback redirect
     * listens; a `sign-in-finished` event says how it ended. The refresh token goes to the keychain only.
     */
    async signIn(request: { pipeline: PipelineRefInput; connection: string; port?: number | undefined }) {
      const loaded = loadRef(context, request.pipeline);
      const connection = ownEntry(loaded.pipeline.connections, request.connection);
      if (!connection)
        throw new MlcError('NOT_FOUND', `There is no connection named "${request.connection}" in this pipeline.`);
      return signIns.start(
        connectionContext(loaded, request.connection, secretAccess(context), connection),
        request.port,
      );
    },

    async cancelSignIn(request: { signIn: string }) {
      return signIns.cancel(request.signIn);
    },

    /** What the "add connection" form offers: each system's address parts and sign-in methods, as data. */
    async systems(_request: Record<string, never>) {
      return systemCatalog();
    },
  };
}
