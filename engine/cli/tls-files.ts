/** `--tls-cert FILE --tls-key FILE`, shared by the commands that serve HTTPS on this computer (connect's redirect, webhooks serve). */
import { resolve } from 'node:path';
import { optionValue, type ParsedArgs } from './args.ts';
import { UsageError } from './errors.ts';

export const TLS_CERT_OPTION = 'tls-cert';
export const TLS_KEY_OPTION = 'tls-key';

/** The two files, together or not at all, resolved against the working folder; `serves` says what uses them. */
export function tlsFileOptions(
  args: ParsedArgs,
  cwd: string,
  serves: string,
): { readonly cert: string; readonly key: string } | undefined {
  const cert = optionValue(args, TLS_CERT_OPTION);
  const key = optionValue(args, TLS_KEY_OPTION);
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined)
    throw new UsageError(
      `give --tls-cert and --tls-key together: the certificate ${serves} is served with, and its private key.`,
    );
  return { cert: resolve(cwd, cert), key: resolve(cwd, key) };
}
