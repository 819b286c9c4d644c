/**
 * The Gateway settings of an SAP ECC connection: one optional address part per stream naming the customer's
 * own OData service and entity set (ECC ships no standard vendor, customer or PO service), off unless set.
 * A stream with the part is read over Gateway, the others over RFC. Light on purpose: the descriptor and
 * the module's `config` load it, never the reader.
 */
import type { AddressPart } from '../kit/descriptor.ts';
import { optionalText, type ConnectionContext } from '../kit/module/connection-parts.ts';
import { parseGatewayAddress, type GatewayEntityConfig } from './gateway/config.ts';

const GATEWAY_STREAMS = [
  { part: 'gatewayVendors', entity: 'vendors', label: 'vendors', example: 'ZVENDOR_SRV/VendorSet;date=ChangedOn' },
  {
    part: 'gatewayCustomers',
    entity: 'customers',
    label: 'customers',
    example: 'ZCUSTOMER_SRV/CustomerSet;date=ChangedOn',
  },
  {
    part: 'gatewayPurchaseOrderItems',
    entity: 'purchase_order_items',
    label: 'purchase order items',
    example: 'ZPURCHASEORDER_SRV/ItemSet;date=ChangedOn',
  },
] as const;

export const GATEWAY_ADDRESS_PARTS: readonly AddressPart[] = GATEWAY_STREAMS.map(({ part, label, example }) => ({
  name: part,
  label: `Gateway service for ${label} (optional)`,
  kind: 'text',
  required: false,
  description: `Only where your SAP system has its own OData service for ${label}: ECC has no standard one, so this names the customer's service and entity set as SERVICE/EntitySet (as /IWFND/MAINT_SERVICE lists it), e.g. ${example}. ;date=Property names the Edm.DateTime property incremental reads filter on, read as CHANGED_ON (it must change when the record does); ;FIELD=Property maps a stream field whose property name differs beyond case. Empty: read over RFC.`,
}));

/** The streams read over Gateway, by entity; undefined when none is. A bad setting names its part. */
export function gatewayPart(context: ConnectionContext): Record<string, GatewayEntityConfig> | undefined {
  const settings: Record<string, GatewayEntityConfig> = {};
  for (const { part, entity } of GATEWAY_STREAMS) {
    const text = optionalText(context, part);
    if (text !== undefined) settings[entity] = parseGatewayAddress(text, `connections.${context.name}.address.${part}`);
  }
  return Object.keys(settings).length === 0 ? undefined : settings;
}
