/** The studio host is a composition root: it hands the engine the connectors' registry. */
import { openDestination, openSource } from '../../../connectors/registry.ts';
import type { ConnectorRegistry } from '../../model/connector-registry.ts';

export const connectors: ConnectorRegistry = { openSource, openDestination };
