/**
 * axe-core, the accessibility checker, run inside the studio's page: what a screen reader or keyboard
 * user would trip over (missing names, contrast, wrong roles). The page's CSP refuses inline scripts,
 * so axe is evaluated through the browser's debugging channel, as a test's own code is, not as a tag.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts a release must not have. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * The serious and critical violations on the page as it is now, one line per rule and element
 * ("color-contrast (serious): ... at .nav-bar > button"), so a failing test says what to fix where.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate('window.axe.run(document)')) as AxeResults;
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}): ${violation.help} at ${node.target.join(' ')}`,
      ),
    );
}
