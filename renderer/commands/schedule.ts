/**
 * Edits to the pipeline's suggested schedule (when IT runs it headless): its cron and its time zone.
 * Pure, as every command. Refusals (a cron that is not five valid fields, a zone the computer does not
 * know) are read with the same model functions Export uses, so the editor and the export agree.
 */
import { cronProblem, timeZoneProblem, type Pipeline } from '../../engine/model/index.ts';

type Command = (pipeline: Pipeline) => Pipeline;

/** Sets the cron (and the schedule's own time zone, or none to use the pipeline's); an invalid one changes nothing. */
export function setSchedule(cron: string, timeZone: string | undefined): Command {
  return (pipeline) => {
    const pattern = cron.trim().replace(/\s+/g, ' ');
    const zone = timeZone?.trim() || undefined;
    if (scheduleRefusal(pattern, zone) !== undefined) return pipeline;
    const { timeZone: _old, ...kept } = pipeline.schedule ?? { cron: pattern };
    const schedule = { ...kept, cron: pattern, ...(zone === undefined ? {} : { timeZone: zone }) };
    const now = pipeline.schedule;
    if (now?.cron === schedule.cron && now.timeZone === schedule.timeZone) return pipeline;
    return { ...pipeline, schedule };
  };
}

/** No schedule: the pipeline is only run by hand. */
export function removeSchedule(): Command {
  return (pipeline) => {
    if (pipeline.schedule === undefined) return pipeline;
    const { schedule: _removed, ...rest } = pipeline;
    return rest;
  };
}

/** Why a cron and zone cannot be the schedule, in plain words; undefined when they can. */
export function scheduleRefusal(cron: string, timeZone: string | undefined): string | undefined {
  return cronProblem(cron.trim()) ?? (timeZone === undefined ? undefined : timeZoneProblem(timeZone));
}
