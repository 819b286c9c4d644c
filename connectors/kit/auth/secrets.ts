/**
 * How auth parts reach the secret store: functions passed in by the engine (the kit may not import it).
 * `remember` registers a value obtained at run time (an access token) with the engine's scrubber.
 */
export type ResolveSecret = (name: string) => Promise<string>;
export type StoreSecret = (name: string, value: string) => Promise<void>;
export type RememberSecret = (value: string) => void;
