/**
 * SBA paths (dynamics-gp.md §1, confirmed): `/GPService/Tenants(<Tenant>)/Companies(<Company>)/<Area>/<Resource>`,
 * JSON through the `.json` suffix (§1, §8.3). The company is its name, sent as the doc shows
 * (`Fabrikam,%20Inc.`).
 */

/** Spaces and reserved characters percent-encoded, commas kept, parens as `%28`/`%29`. */
export function encodeGpSegment(name: string): string {
  return encodeURIComponent(name).replace(/%2C/gi, ',').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

export function gpResourcePath(tenant: string, company: string, resource: string): string {
  return `/GPService/Tenants(${encodeGpSegment(tenant)})/Companies(${encodeGpSegment(company)})/${resource}.json`;
}
