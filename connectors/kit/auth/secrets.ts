/**
 * How auth parts reach the secret store: functions passed in by the engine (the kit may not import it).
 * `remember` registers a value obtained at run time (an access token) with the engine's scrubber.
 */
export type ResolveSecret = (name: string) => Promise<string>;
export interface StoreSecret {
  (name: string, value: string): Promise<void>;
  /**
   * Why a new value for `name` could not be stored (no keychain here), or undefined when it can. Asked
   * before a sign-in whose secret rotates makes its first request: using it would spend the old value.
   */
  readonly unavailable?: (name: string) => Promise<string | undefined>;
}
export type RememberSecret = (value: string) => void;
