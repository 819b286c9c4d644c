/**
 * Which SBA streams a customer's GP can serve, read off its own discovery pages before a run. What is
 * installed differs per GP (a GP without purchasing has no purchasing services), and the resource names
 * are not public (README "SBA (REST): what a real GP serves"), so the GP's `/help` pages are the authority.
 * Confirmed: `GET /GPService/Tenants(<Tenant>)/help` is an HTML "Discovery" page linking the dictionaries
 * and object libraries. Unconfirmed: what the pages behind those links show. So the reader follows the
 * discovery page's links on the same service (a bounded number) and looks for each stream's resource
 * path in the text of all of them, whatever their layout.
 */
import { isKitError } from '../../kit/errors.ts';
import { GpClient, type GpConnectionConfig } from '../client.ts';
import { encodeGpSegment } from '../paths.ts';
import { GP_STREAMS } from '../streams.ts';

/** The streams read through SBA (the ledger comes through GP Web Services). */
export const SBA_STREAM_IDS = ['vendors', 'payables_invoices', 'purchase_orders'] as const;

export interface SbaAvailability {
  readonly available: string[];
  readonly missing: { readonly stream: string; readonly reason: string }[];
}

/** Links followed from the discovery page at most: a GP lists a handful of dictionaries and libraries. */
const MAX_LINKED_PAGES = 12;

export async function sbaStreamsAvailable(config: GpConnectionConfig, signal?: AbortSignal): Promise<SbaAvailability> {
  const client = new GpClient(config, 'reading which SBA services this GP has');
  const tenant = config.tenant ?? 'DefaultTenant';
  try {
    const discoveryPath = `/GPService/Tenants(${encodeGpSegment(tenant)})/help`;
    const pages = await readHelpPages(client, new URL(discoveryPath, config.baseUrl), signal);
    if (pages === undefined) {
      const reason = `GP answered 404 for its SBA discovery page ${discoveryPath}: the Service Based Architecture is not installed at ${config.baseUrl ?? 'this address'} (or the tenant is not ${tenant})`;
      return { available: [], missing: SBA_STREAM_IDS.map((stream) => ({ stream, reason })) };
    }
    const text = pages.join('\n');
    const streams = SBA_STREAM_IDS.map((id) => ({ id, resource: resourceOf(id) }));
    const listed = streams.filter(({ resource }) => lists(text, resource));
    const available = listed.map(({ id }) => id);
    const none = listed.length === 0;
    const missing = streams
      .filter(({ id }) => !available.includes(id))
      .map(({ id, resource }) => ({
        stream: id,
        reason: none
          ? `GP's SBA help pages (${discoveryPath} and the ${pages.length - 1} pages it links) list none of ${streams.map((s) => s.resource).join(', ')}: either no such services are installed or this GP names them differently; open the page in a browser to see what it serves`
          : `GP's SBA help pages (${discoveryPath} and the pages it links) do not list ${resource}: this GP does not serve ${id.replace(/_/g, ' ')} over SBA (the module or its SBA service is not installed)`,
      }));
    return { available, missing };
  } finally {
    await client.close();
  }
}

/** The discovery page and the pages it links on the same service; undefined when there is no discovery page. */
async function readHelpPages(
  client: GpClient,
  base: URL,
  signal: AbortSignal | undefined,
): Promise<string[] | undefined> {
  let discovery: string;
  try {
    discovery = await client.page(base.pathname, signal);
  } catch (error) {
    if (isKitError(error) && error.status === 404) return undefined;
    throw error;
  }
  const pages = [discovery];
  const followed = new Set<string>();
  for (const href of links(discovery)) {
    const target = new URL(href, base);
    // Only pages of the same service under its help path: never another host, never a company resource.
    if (target.origin !== base.origin || !/\/help(\/|$)/i.test(target.pathname)) continue;
    const path = `${target.pathname}${target.search}`;
    if (followed.has(path) || followed.size >= MAX_LINKED_PAGES) continue;
    followed.add(path);
    pages.push(await client.page(path, signal));
  }
  return pages;
}

function links(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']/gi)].map((match) => decodeEntities(match[1] ?? ''));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The resource path appears as a whole path segment run (`Purchasing/Vendors`, not `Purchasing/VendorsX`). */
function lists(text: string, resource: string): boolean {
  const escaped = resource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'i').test(decodeEntities(text));
}

function resourceOf(id: string): string {
  const stream = GP_STREAMS.find((candidate) => candidate.schema.entity === id);
  if (stream === undefined) throw new Error(`the GP streams have no ${id}`);
  return stream.resource;
}
