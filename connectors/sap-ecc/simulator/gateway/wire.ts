/**
 * What the simulated Gateway writes: entities in OData v2 JSON (`__metadata`, `/Date(ms)/` for
 * Edm.DateTime, `/Date(ms+0000)/` for Edm.DateTimeOffset, decimals as strings, Edm.Time `PT12H30M00S`),
 * the same as an Atom feed when JSON was not asked for, `$metadata` (EDMX 1.0, OData 2.0), and Gateway's
 * error body. Shapes as recorded from real systems: README "Gateway OData v2".
 */
import type { SimEntitySet, SimGatewayRow, SimGatewayService, SimProperty } from './services.ts';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One property value as Gateway's JSON writes it. */
export function wireValue(property: SimProperty, value: string | number | boolean | null | undefined): unknown {
  if (value === null || value === undefined) return null;
  const text = String(value);
  switch (property.type) {
    case 'Edm.DateTime': {
      const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`);
      return Number.isNaN(ms) ? text : `/Date(${ms})/`;
    }
    case 'Edm.DateTimeOffset': {
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? text : `/Date(${ms}+0000)/`;
    }
    case 'Edm.Time': {
      const match = /^(\d\d):(\d\d):(\d\d)$/.exec(text);
      return match === null ? text : `PT${match[1]}H${match[2]}M${match[3]}S`;
    }
    case 'Edm.Decimal':
      return text;
    default:
      return value;
  }
}

export function entityUri(base: string, set: SimEntitySet, row: SimGatewayRow): string {
  const key = set.key.map((name) => `'${String(row[name] ?? '').replace(/'/g, "''")}'`);
  const inner = set.key.length === 1 ? (key[0] ?? '') : set.key.map((name, i) => `${name}=${key[i] ?? ''}`).join(',');
  return `${base}/${set.name}(${encodeURIComponent(inner).replace(/%3D/g, '=').replace(/%2C/g, ',').replace(/%27/g, "'")})`;
}

export function jsonEntity(
  base: string,
  service: string,
  set: SimEntitySet,
  row: SimGatewayRow,
): Record<string, unknown> {
  const uri = entityUri(base, set, row);
  const entity: Record<string, unknown> = { __metadata: { id: uri, uri, type: `${service}.${set.entityType}` } };
  for (const property of set.properties) entity[property.name] = wireValue(property, row[property.name]);
  return entity;
}

export function atomFeed(base: string, service: string, set: SimEntitySet, rows: readonly SimGatewayRow[]): string {
  const entries = rows.map((row) => {
    const properties = set.properties
      .map((p) => {
        const value = wireValue(p, row[p.name]);
        return value === null
          ? `<d:${p.name} m:null="true"/>`
          : `<d:${p.name}>${escapeXml(p.type === 'Edm.DateTime' || p.type === 'Edm.DateTimeOffset' ? String(row[p.name]) : String(value))}</d:${p.name}>`;
      })
      .join('');
    const uri = escapeXml(entityUri(base, set, row));
    return `<entry><id>${uri}</id><category term="${service}.${set.entityType}" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"/><content type="application/xml"><m:properties>${properties}</m:properties></content></entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><feed xml:base="${escapeXml(base)}/" xmlns="http://www.w3.org/2005/Atom" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices"><id>${escapeXml(`${base}/${set.name}`)}</id><title type="text">${set.name}</title>${entries.join('')}</feed>`;
}

export function edmx(service: SimGatewayService): string {
  const types = service.sets.map(
    (set) =>
      `<EntityType Name="${set.entityType}"><Key>${set.key.map((k) => `<PropertyRef Name="${k}"/>`).join('')}</Key>${set.properties
        .map(
          (p) =>
            `<Property Name="${p.name}" Type="${p.type}" Nullable="${set.key.includes(p.name) ? 'false' : 'true'}"/>`,
        )
        .join('')}</EntityType>`,
  );
  const sets = service.sets.map(
    (set) => `<EntitySet Name="${set.name}" EntityType="${service.name}.${set.entityType}"/>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData"><edmx:DataServices m:DataServiceVersion="2.0"><Schema Namespace="${service.name}" xml:lang="en" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">${types.join('')}<EntityContainer Name="${service.name}_Entities" m:IsDefaultEntityContainer="true">${sets.join('')}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}

/** Gateway's error body (JSON), with the innererror parts real answers carry. */
export function gatewayErrorBody(code: string, message: string, service: string): unknown {
  return {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        application: { component_id: '', service_namespace: '/SAP/', service_id: service, service_version: '0001' },
        transactionid: '0000000000000000000000000000SIM0',
        timestamp: '',
        Error_Resolution: {
          SAP_Transaction: 'For backend administrators: run transaction /IWFND/ERROR_LOG on SAP Gateway hub system',
          SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)',
        },
        errordetails: [],
      },
    },
  };
}

/** The same error as Gateway's XML body, for a request that did not ask for JSON. */
export function gatewayErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code>${escapeXml(code)}</code><message xml:lang="en">${escapeXml(message)}</message></error>`;
}
