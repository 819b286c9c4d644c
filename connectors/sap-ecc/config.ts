/** What an SAP ECC connection is opened with (read from the pipeline by `module.ts`). */
import type { SapClientOptions } from './client.ts';
import type { GatewayEntityConfig } from './gateway/config.ts';

/** A client certificate as configured: PEM texts read from the files, the key's passphrase by its secret's name. */
export interface ClientCertificateConfig {
  readonly cert: string;
  readonly key: string;
  readonly passphraseSecret?: string;
}

export interface SapConnectionConfig extends Omit<SapClientOptions, 'client' | 'clientCertificate'> {
  /** The three-digit SAP client (`sap-client`). */
  readonly sapClient: string;
  /** The company code (BUKRS) read from LFB1, KNB1 and EKKO. */
  readonly companyCode: string;
  /** Streams whose records are also confirmed through their BAPI (RETURN E/A holds the record). */
  readonly bapiDetails?: readonly string[];
  /** Mutual TLS, when the ICM asks clients for a certificate. */
  readonly clientCertificate?: ClientCertificateConfig;
  /** Streams read through the customer's own Gateway service instead of RFC, by entity (off unless set). */
  readonly gateway?: Readonly<Record<string, GatewayEntityConfig>>;
}

/**
 * The client's options: the key's passphrase is looked up in the secret store here, when a connection is
 * opened, so it is held only by TLS and never written anywhere.
 */
export async function clientOptions(config: SapConnectionConfig): Promise<SapClientOptions> {
  const {
    sapClient,
    companyCode: _companyCode,
    bapiDetails: _bapiDetails,
    gateway: _gateway,
    clientCertificate,
    ...rest
  } = config;
  if (clientCertificate === undefined) return { ...rest, client: sapClient };
  const { cert, key, passphraseSecret } = clientCertificate;
  const passphrase = passphraseSecret === undefined ? undefined : await config.resolveSecret(passphraseSecret);
  return {
    ...rest,
    client: sapClient,
    clientCertificate: { cert, key, ...(passphrase === undefined ? {} : { passphrase }) },
  };
}
