/** What every place that keeps secrets offers: the OS keychain, the environment, or both in order. */
export interface SecretStore {
  /** The value stored under `name`, or undefined when this store has none. */
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** True when something was deleted, false when there was nothing under `name`. */
  delete(name: string): Promise<boolean>;
  /** Names only, sorted: a listing must never carry a value. */
  list(): Promise<string[]>;
  /** Where the secrets live, in words for messages, e.g. 'the OS keychain (service "ml-connector")'. */
  describe(): string;
}

/** The keychain service every secret is filed under (PRODUCT.md); the account is the secret's name. */
export const KEYCHAIN_SERVICE = 'ml-connector';
