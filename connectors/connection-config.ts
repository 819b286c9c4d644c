/**
 * How a pipeline's connection becomes a connector's settings: the context a connection is opened in and
 * the address-part readers every system's config builder uses (they live in the kit, where the systems'
 * folders may import them). The engine builds contexts with `connectionContext` in engine/model.
 */

export {
  addressPort,
  addressText,
  caCertPart,
  optionalText,
  UnsupportedConnectionError,
} from './kit/module/connection-parts.ts';
export type { ConnectionContext } from './kit/module/connection-parts.ts';
