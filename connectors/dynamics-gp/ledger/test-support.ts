/** Wiring the ledger source to a GP simulator for tests: GP Web Services only, Windows sign-in. */
import type { GpConnectionConfig } from '../client.ts';
import { GpDateTime, type SimFields } from '../simulator/gp-values.ts';
import type { GpSimulator } from '../simulator/index.ts';

export function ledgerConfig(
  sim: GpSimulator,
  options: { readonly method?: 'ntlm' | 'negotiate' | 'basic'; readonly password?: string } = {},
): GpConnectionConfig {
  const { domain, user, password } = sim.credentials;
  const given = options.password ?? password;
  return {
    webServices: { url: sim.webServicesUrl, companyKey: -1, currencyType: 'Transactional' },
    auth: { method: options.method ?? 'ntlm', domain, user, passwordSecret: 'gp-password' },
    resolveSecret: (name) =>
      name === 'gp-password' ? Promise.resolve(given) : Promise.reject(new Error(`no secret ${name}`)),
  };
}

/** A journal's key as the streams key it: its number and its transaction date (GP reuses numbers across years). */
export function journalKey(fields: SimFields): [number, string] {
  const date = fields.TransactionDate;
  const text = date instanceof GpDateTime ? new Date(date.ms).toISOString().slice(0, 10) : String(date).slice(0, 10);
  return [Number(fields.JournalEntry), text];
}

/** Its lines' keys. */
export function lineKeys(fields: SimFields): [number, string, number][] {
  const [journal, date] = journalKey(fields);
  return ((fields.Lines ?? []) as SimFields[]).map((line) => [journal, date, Number(line.SequenceNumber)]);
}
