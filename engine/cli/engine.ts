/**
 * The engine's heavy parts (connectors with native drivers, the SQLite run store) are loaded when a
 * command needs them, not at start-up: `--help` and argument mistakes answer at once, and still
 * answer on a machine where one native library cannot load.
 */
export const loadRunner = () => import('../runner/index.ts');
export const loadStore = () => import('../store/index.ts');
export const loadMappingCheck = () => import('./mapping-check.ts');
export const loadConnectors = () => import('../../connectors/registry.ts');
export const loadServe = () => import('../serve/index.ts');
