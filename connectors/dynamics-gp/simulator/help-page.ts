/**
 * SBA's discovery pages. Confirmed (Microsoft's install docs, `web-components/single-machine-installation.md`
 * "Verify the Service Based Architecture installation", and its screenshot `install-web-verification.png`):
 * `GET /GPService/Tenants(DefaultTenant)/help` is an HTML page titled "Discovery" listing "Dictionaries:"
 * (`Dynamics`) and "Object Libraries:" (`Microsoft.Dynamics.GP.BusinessObjects`,
 * `Microsoft.Dynamics.GP.ManagementReporterServices`, `Microsoft.Dynamics.GP.Svc.Application`), each a link.
 * UNCONFIRMED: where those links point and what the page behind a dictionary shows. The simulator links
 * `help/<name>` and lists the dictionary's services there as a table of URI, method and description, the
 * layout WCF's own REST help pages use; a reader should look for the service paths, not for this layout.
 */
import type { GpEntityDef } from './entities.ts';

export const HELP_DICTIONARIES = ['Dynamics'] as const;
export const HELP_OBJECT_LIBRARIES = [
  'Microsoft.Dynamics.GP.BusinessObjects',
  'Microsoft.Dynamics.GP.ManagementReporterServices',
  'Microsoft.Dynamics.GP.Svc.Application',
] as const;

export function discoveryPage(): string {
  const links = (names: readonly string[]): string =>
    names.map((name) => `<a href="help/${encodeURIComponent(name)}">${name}</a><br/>`).join('');
  return (
    '<!DOCTYPE html><html><head><title>Discovery</title></head><body>' +
    `<b>Dictionaries:</b><br/>${links(HELP_DICTIONARIES)}<br/>` +
    `<b>Object Libraries:</b><br/>${links(HELP_OBJECT_LIBRARIES)}` +
    '</body></html>'
  );
}

/** The page behind a dictionary or library link, or undefined for a name the discovery page does not list. */
export function helpPage(name: string, services: readonly GpEntityDef[]): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted === 'dynamics') {
    const rows = services
      .flatMap((entity) => {
        const uri = `Companies({Company})/${entity.resource ?? ''}`;
        const what = entity.sbaService ?? entity.element;
        return [
          [uri, 'GET', `Gets a list of ${what}.`],
          [`${uri}({Key})`, 'GET', `Gets one of ${what} by its key.`],
          ...(entity.writable === true
            ? [
                [uri, 'POST', `Creates one of ${what}.`],
                [`${uri}({Key})`, 'PATCH', `Updates one of ${what}.`],
              ]
            : []),
        ];
      })
      .map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
      .join('');
    return page('Dynamics', `<table><tr><th>Uri</th><th>Method</th><th>Description</th></tr>${rows}</table>`);
  }
  const library = HELP_OBJECT_LIBRARIES.find((candidate) => candidate.toLowerCase() === wanted);
  return library === undefined ? undefined : page(library, '<p>No operations are listed for this library.</p>');
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}
