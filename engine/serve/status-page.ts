/** The status page: plain HTML, no script, every value escaped (file names and errors are user text). */
import type { PipelineStatus, ServeStatus } from './serve-status.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function statusPage(status: ServeStatus): string {
  const rows = status.pipelines.map(pipelineRow).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ml-connector serve</title>
<meta http-equiv="refresh" content="30">
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.bad{color:#a00}</style>
</head><body>
<h1>ml-connector serve</h1>
<p>Started ${escapeHtml(status.startedAt)}; now ${escapeHtml(status.now)}; missed runs: ${escapeHtml(status.missedRuns)}.</p>
<table><thead><tr><th>pipeline</th><th>schedule</th><th>next run</th><th>last run</th><th>runs</th><th>failures</th><th>skipped</th><th>held rows</th><th>problem</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

function pipelineRow(p: PipelineStatus): string {
  const last = p.lastRun
    ? `${p.lastRun.status} at ${p.lastRun.finishedAt ?? p.lastRun.startedAt} (${p.lastRun.read} read, ${p.lastRun.written} written, ${p.lastRun.held} held)`
    : '';
  const problem = p.refused ?? p.lastRun?.error ?? '';
  const cells = [
    p.name ?? p.file,
    p.cron ?? '',
    p.running ? 'running now' : (p.nextRun ?? ''),
    last,
    String(p.runs),
    String(p.failures),
    String(p.skipped),
    String(p.heldRows),
  ].map((cell) => `<td>${escapeHtml(cell)}</td>`);
  cells.push(`<td class="bad">${escapeHtml(problem)}</td>`);
  return `<tr>${cells.join('')}</tr>`;
}
