/**
 * SBA URL parsing (dynamics-gp.md §1, §8.1, confirmed): `/GPService/Tenants(<Tenant>)/Companies(<Company>)/<Area>/<Resource>[(<key>)][.json]`.
 * Real clients lower-case the root, percent-encode the parens (`Tenants%28DefaultTenant%29`) or leave
 * them raw inside the company name (`Companies(Acme Holdings (Bermuda) LTD)`), and encode spaces and
 * commas (`Fabrikam,%20Inc.`); all of those reach the same company.
 */
export type GpRoute =
  /** `.../help` (the discovery page, page undefined) or `.../help/<dictionary or library>`. */
  | { readonly kind: 'help'; readonly tenant: string; readonly page: string | undefined }
  | {
      readonly kind: 'resource';
      readonly tenant: string;
      readonly company: string;
      readonly resource: string;
      /** Composite key parts (`;`-separated inside the parens, §1), undefined for the collection. */
      readonly key: readonly string[] | undefined;
      readonly json: boolean;
    }
  | { readonly kind: 'unknown' };

const HELP = /^\/gpservice\/tenants\((.+?)\)\/help(?:\/([^/]+))?\/?$/i;
const ROOT = /^\/gpservice\/tenants\((.+?)\)\/companies\((.*)\)\/(.+)$/i;
const KEYED = /^(.*?)\((.*)\)$/;

export function parseGpPath(rawPath: string): GpRoute {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'unknown' };
  }
  const help = HELP.exec(path);
  if (help?.[1] !== undefined) return { kind: 'help', tenant: help[1], page: help[2] };
  // The company is everything up to the last ")/" so names with parentheses stay whole.
  const match = ROOT.exec(path);
  if (match === null || match[1] === undefined || match[2] === undefined || match[3] === undefined)
    return { kind: 'unknown' };
  let rest = match[3];
  const json = /\.json$/i.test(rest);
  if (json) rest = rest.slice(0, -5);
  const keyed = KEYED.exec(rest);
  const resource = keyed?.[1] ?? rest;
  const key = keyed?.[2] === undefined ? undefined : keyed[2].split(';');
  return { kind: 'resource', tenant: match[1], company: match[2], resource, key, json };
}

export { encodeGpSegment } from '../paths.ts';
