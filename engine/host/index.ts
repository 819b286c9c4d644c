/**
 * The studio's host side: the services over the engine (one per domain of the studio API) and the
 * web bridge that carries them over loopback HTTP. Electron's main process uses the same services.
 */
export { createStudioServices } from './services/index.ts';
export type { HostContext, HostSecrets, PipelineRefInput, StudioServices } from './services/index.ts';
export { startBridge } from './bridge/server.ts';
export type { Bridge, BridgeOptions, Validation } from './bridge/server.ts';
export { PLACEHOLDER_PAGE } from './bridge/static.ts';
export { dispatch, scrubbedAnswer, scrubbedData } from './dispatch.ts';
export type { Answer, DispatchOptions } from './dispatch.ts';
// What the desktop app needs besides the services: where state lives and how secrets resolve and are masked.
export { chosenStateDir } from '../store/state-folder.ts';
export { defaultSecretResolver, secretRegistry } from '../secrets/index.ts';
