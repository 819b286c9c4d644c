/**
 * The pipeline's suggested schedule for headless runs: a five-field cron and its time zone, said in
 * words with the next five runs on that zone's clock, read by the same model function Export uses so
 * both say the same. A cron or zone that cannot be is refused with the reason and not written.
 */
import { useState } from 'react';
import { readSchedule, scheduleTimeZone } from '../../../engine/model/index.ts';
import { removeSchedule, scheduleRefusal, setSchedule } from '../../commands/schedule.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { CommitInput } from '../connections/CommitInput.tsx';

export function ScheduleEditor() {
  const schedule = useStudio((state) => state.pipeline?.schedule);
  const settingsZone = useStudio((state) => state.pipeline?.settings?.timeZone);
  const [problem, setProblem] = useState<string | null>(null);
  const zone = scheduleTimeZone({
    schedule,
    settings: settingsZone === undefined ? undefined : { timeZone: settingsZone },
  });
  const reading = schedule === undefined ? undefined : readSchedule(schedule.cron, zone);

  function take(cron: string, timeZone: string | undefined): void {
    const refusal = scheduleRefusal(cron, timeZone?.trim() || undefined);
    if (refusal !== undefined) return setProblem(refusal);
    setProblem(null);
    studioStore().getState().apply('Change the schedule', setSchedule(cron, timeZone));
  }

  return (
    <section className="settings-section" aria-label="Schedule">
      <h3>Schedule</h3>
      <p className="muted">
        When IT runs this pipeline without the studio (Export gives them the file and the command).
      </p>
      <div className="settings-row">
        <label>
          Cron
          <CommitInput
            aria-label="Cron"
            value={schedule?.cron ?? ''}
            placeholder="0 2 * * * (02:00 every day)"
            spellCheck={false}
            aria-invalid={problem !== null}
            onCommit={(cron) => take(cron, schedule?.timeZone)}
          />
        </label>
        <label>
          Time zone
          <CommitInput
            aria-label="Schedule time zone"
            value={schedule?.timeZone ?? ''}
            placeholder={`${settingsZone ?? 'UTC'} (the pipeline's)`}
            spellCheck={false}
            onCommit={(timeZone) =>
              schedule === undefined ? setProblem('Write the cron first.') : take(schedule.cron, timeZone)
            }
          />
        </label>
        {schedule !== undefined && (
          <button type="button" onClick={() => studioStore().getState().apply('Remove the schedule', removeSchedule())}>
            No schedule
          </button>
        )}
      </div>
      {problem !== null && (
        <p className="settings-problem" role="alert">
          {problem}
        </p>
      )}
      {schedule === undefined && <p className="muted">No schedule: the pipeline runs only when someone starts it.</p>}
      {reading?.ok === false && (
        <p className="settings-problem" role="alert">
          {reading.problem}
        </p>
      )}
      {reading?.ok === true && (
        <>
          <p aria-label="Schedule in words">
            <strong>{reading.words}</strong>
          </p>
          <ol className="next-runs" aria-label="Next runs">
            {reading.next.map((run) => (
              <li key={run.at}>{run.local}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
