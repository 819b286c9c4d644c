/** One stream's control totals, source beside destination: rows, then debit, credit and net amount per period. */
import type { ControlTotalsInfo, StreamReconciliation, TotalsVerdict } from '../../api/wire.ts';
import { moneyText } from './money.ts';
import { countText, measureText } from './words.ts';

export function TotalsTable({ stream, caption }: { stream: StreamReconciliation; caption: string }) {
  const { rows, periods } = stream.comparison;
  return (
    <table className="grid totals-table" aria-label={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col" className="number">
            Source
          </th>
          <th scope="col" className="number">
            Destination
          </th>
          <th scope="col" className="number">
            Difference
          </th>
          <th scope="col">Check</th>
        </tr>
      </thead>
      <tbody>
        <tr className={rowClass(rows.verdict)}>
          <th scope="row">Rows</th>
          <td className="number">{countText(rows.source)}</td>
          <td className="number">
            {countText(rows.destination)}
            {rows.alreadyLoaded > 0 && ` (${countText(rows.alreadyLoaded)} already loaded)`}
            {rows.held > 0 && ` + ${countText(rows.held)} held`}
          </td>
          <td className="number">{countText(rows.source - rows.destination - rows.held)}</td>
          <td>{checkText(rows.verdict)}</td>
        </tr>
        {periods.map((p) => (
          <tr key={`${p.period}-${p.measure}`} className={rowClass(p.verdict)}>
            <th scope="row">
              {p.period === 'no period' ? 'No period' : p.period} {measureText(p.measure)}
            </th>
            <td className="number">{moneyText(p.source)}</td>
            <td className="number">{moneyText(p.destination)}</td>
            <td className="number">{moneyText(p.difference)}</td>
            <td>{checkText(p.verdict)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={5} className="muted">
            Source sums: {sumsText(stream.source)}. Destination sums: {sumsText(stream.destination)}.
            {stream.unreconciledBatches > 0 &&
              ` ${stream.unreconciledBatches === 1 ? '1 batch' : `${stream.unreconciledBatches} batches`} failed or did not finish and wrote nothing; ${stream.unreconciledBatches === 1 ? 'it is' : 'they are'} not counted here.`}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function checkText(verdict: TotalsVerdict): string {
  switch (verdict) {
    case 'match':
      return 'Match';
    case 'held':
      return 'Differs by the held rows';
    case 'mismatch':
      return 'MISMATCH';
  }
}

function rowClass(verdict: TotalsVerdict): string | undefined {
  return verdict === 'mismatch' ? 'mismatch' : verdict === 'held' ? 'held' : undefined;
}

/** Each side names its sums in its own terms (source fields, destination columns); amounts are the engine's exact text. */
function sumsText(totals: ControlTotalsInfo): string {
  const entries = Object.entries(totals.sums);
  return entries.length === 0 ? 'none' : entries.map(([name, sum]) => `${name} ${sum}`).join(', ');
}
