/**
 * The one shape every system's folder exports (`connectors/<system>/module.ts`), listed one line each in
 * `connectors/index.ts`. Everything outside a system's folder (the registry, the studio's catalog,
 * `check`, `simulate`, `demo`, the example workspace, the pipeline's source/destination rules) reads this
 * shape and nothing else, so adding a system is one folder and one line.
 *
 * The descriptor is plain data, read without loading the connector. The functions load their code on
 * first call (dynamic `import()`), so listing the modules never loads DuckDB or the Databricks driver.
 */
import type { Destination, EntitySchema, Source } from '../../../engine/model/index.ts';
import type { AddressPart, PingResult } from '../descriptor.ts';
import type { ConnectionContext } from './connection-parts.ts';
import type { SimulatorAddress, SimulatorHandle, SimulatorStartOptions } from './simulator-handle.ts';

export type ConnectorRole = 'source' | 'destination';

export interface ConnectorAuthMethod {
  /** The pipeline file's `auth.method`. */
  readonly method: string;
  /** Labels of the secrets it refers to, in the order `secret`, `refreshTokenSecret`. */
  readonly secrets: readonly string[];
  /** The refresh token is obtained by signing in through the browser (the module's `oauthSignIn`). */
  readonly browserSignIn?: boolean;
}

/** A stream the system offers (fixed entities; the file connector's are the user's, so it lists none). */
export interface ConnectorStreamInfo extends EntitySchema {
  /** `source.options` a stream of this entity reads, with what each means. */
  readonly options?: readonly { readonly name: string; readonly description: string }[];
}

export interface ConnectorSimulatorInfo {
  /** The name `ml-connector simulate` takes (e.g. gp). */
  readonly name: string;
  /** Where it listens unless told otherwise (PRODUCT.md conventions). */
  readonly defaultPort: number;
  /** What `simulate --help` says it serves, after its name and port. */
  readonly example: string;
}

export interface ConnectorDescriptorData {
  /** The pipeline file's `connection.system`. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly roles: readonly ConnectorRole[];
  readonly authMethods: readonly ConnectorAuthMethod[];
  readonly addressParts: readonly AddressPart[];
  readonly streams: readonly ConnectorStreamInfo[];
  /** What the connection test does, in the connector's words. */
  readonly connectionTest: string;
  readonly simulator?: ConnectorSimulatorInfo;
  /** The source entities whose changes the system pushes by webhook (the module's `webhooks`). */
  readonly webhooks?: { readonly entities: readonly string[] };
  /** A destination that can start a job after a load (`target.afterLoad`): the system's name as messages say it. */
  readonly afterLoad?: string;
  /**
   * The most records the system serves in one page, when it has a limit: a stream's `source.pageSize` above
   * it is refused when the pipeline is checked, and a stream that sets none reads pages of at most this many.
   */
  readonly maxPageSize?: number;
}

export interface OAuthConnectOptions {
  /** Loopback port for the redirect; left out, the documented one to register (BambooHR: 47011); 0 picks a free one. */
  readonly port?: number;
  /** PEM files of the redirect's certificate (for 127.0.0.1, trusted by the browser) and key: BambooHR redirects to HTTPS only. */
  readonly tlsFiles?: { readonly cert: string; readonly key: string };
  /** Instead of files, the certificate and key themselves, asked for once the sign-in is otherwise ready (the studio's own). */
  readonly redirectCertificate?: () => Promise<{ readonly cert: string; readonly key: string }>;
  /** Shown to the user (printed, or opened in a browser by the studio). */
  readonly onAuthorizeUrl: (url: string) => void;
  readonly signal?: AbortSignal;
}

export interface ConnectorModule<Config = unknown, WebhookOptions = unknown, WebhookIntake = unknown> {
  readonly descriptor: ConnectorDescriptorData;
  /** The connection's settings, validated; errors name the JSON path (`connections.<name>.address.<part>`). */
  readonly config: (context: ConnectionContext) => Config | Promise<Config>;
  readonly openSource?: (context: ConnectionContext, config: Config) => Promise<Source>;
  readonly openDestination?: (context: ConnectionContext, config: Config) => Promise<Destination>;
  /** The one connection test: what `check`, the studio's Test and the conformance suite run. Never throws. */
  readonly testConnection: (config: Config) => Promise<PingResult>;
  readonly startSimulator?: (options: SimulatorStartOptions & { readonly port: number }) => Promise<SimulatorHandle>;
  /**
   * The address of a pipeline connection pointed at a running simulator of this system (the example
   * workspace's), from the connection's own address and where the simulator is; `caCertFile` is where
   * the simulator's CA is written, for a connection that must trust it.
   */
  readonly pointAtSimulator?: (
    address: ConnectionAddress,
    simulator: SimulatorAddress,
    caCertFile: string,
  ) => ConnectionAddress;
  /** The OAuth authorization-code sign-in that obtains a refresh token (`oauth2-refresh-token`). */
  readonly oauthSignIn?: (
    context: ConnectionContext,
    config: Config,
    options: OAuthConnectOptions,
  ) => Promise<{ readonly storedAs: string; readonly redirectUri: string }>;
  /** A webhook receiver with polling as the fallback, for systems that push changes. */
  readonly webhooks?: (config: Config, options: WebhookOptions) => Promise<WebhookIntake>;
}

export type ConnectionAddress = Readonly<Record<string, string | number | boolean>>;

/** Any module, for lists: the config type is the module's own business. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConnectorModule = ConnectorModule<any, any, any>;
