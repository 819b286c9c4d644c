import { describe, expect, it } from 'vitest';
import { minimalPipeline } from '../../engine/model/test-fixtures.ts';
import type { Pipeline } from '../../engine/model/index.ts';
import { removeSchedule, scheduleRefusal, setSchedule } from './schedule.ts';
import {
  dependencyRefusal,
  filterValueOf,
  lookbackProblem,
  readBatchSize,
  readPageSize,
  renameSourceFilter,
  setBatchSize,
  setControlTotalsField,
  setDependsOn,
  setHoldTogether,
  setSourceFilter,
  setSourceSetting,
  setStreamNotes,
} from './stream-settings.ts';

/** The fixture with a second stream, vendors, that gl_lines may wait for. */
function twoStreams(): Pipeline {
  const pipeline = minimalPipeline();
  const gl = pipeline.streams['gl_lines']!;
  return {
    ...pipeline,
    streams: {
      ...pipeline.streams,
      vendors: { ...gl, source: { ...gl.source, entity: 'vendors' }, target: { ...gl.target, table: 'vendors' } },
    },
  };
}

describe('stream settings commands', () => {
  it('sets and removes lookback, end value and page size, returning the same pipeline when nothing changes', () => {
    const before = minimalPipeline();
    const after = setSourceSetting('gl_lines', 'lookback', 'PT2H')(before);
    expect(after.streams['gl_lines']!.source.lookback).toBe('PT2H');
    expect(setSourceSetting('gl_lines', 'lookback', 'PT2H')(after)).toBe(after);
    const paged = setSourceSetting(
      'gl_lines',
      'pageSize',
      500,
    )(setSourceSetting('gl_lines', 'end', '2026-07-01')(after));
    expect(paged.streams['gl_lines']!.source).toMatchObject({ pageSize: 500, end: '2026-07-01' });
    const cleared = setSourceSetting('gl_lines', 'pageSize', undefined)(paged);
    expect('pageSize' in cleared.streams['gl_lines']!.source).toBe(false);
    expect(before.streams['gl_lines']!.source.lookback).toBeUndefined();
  });

  it('adds, renames and removes source filters; the last one removed drops the filters', () => {
    const one = setSourceFilter('gl_lines', 'SOURCDOC', 'PAYROLL')(minimalPipeline());
    expect(one.streams['gl_lines']!.source.filters).toEqual({ SOURCDOC: 'PAYROLL' });
    const renamed = renameSourceFilter('gl_lines', 'SOURCDOC', 'TransactionState')(one);
    expect(renamed.streams['gl_lines']!.source.filters).toEqual({ TransactionState: 'PAYROLL' });
    const none = setSourceFilter('gl_lines', 'TransactionState', undefined)(renamed);
    expect('filters' in none.streams['gl_lines']!.source).toBe(false);
    expect(filterValueOf('42')).toBe(42);
    expect(filterValueOf('true')).toBe(true);
    expect(filterValueOf('History')).toBe('History');
  });

  it('sets dependencies and refuses a cycle with the streams named, leaving the pipeline as it was', () => {
    const waits = setDependsOn('gl_lines', ['vendors'])(twoStreams());
    expect(waits.streams['gl_lines']!.dependsOn).toEqual(['vendors']);
    expect(dependencyRefusal(waits, 'vendors', ['gl_lines'])).toBe(
      'These streams would wait on each other, so none could start: gl_lines -> vendors -> gl_lines.',
    );
    expect(setDependsOn('vendors', ['gl_lines'])(waits)).toBe(waits);
    expect(dependencyRefusal(waits, 'vendors', ['vendors'])).toMatch(/cannot wait for itself/);
    const none = setDependsOn('gl_lines', [])(waits);
    expect('dependsOn' in none.streams['gl_lines']!).toBe(false);
  });

  it('sets control totals field by field and removes them when every field is emptied', () => {
    let pipeline = setControlTotalsField('gl_lines', 'source', 'period', 'TRXDATE')(minimalPipeline());
    pipeline = setControlTotalsField('gl_lines', 'source', 'amount', 'AMOUNT')(pipeline);
    pipeline = setControlTotalsField('gl_lines', 'target', 'amount', 'amount')(pipeline);
    expect(pipeline.streams['gl_lines']!.controlTotals).toEqual({
      source: { period: 'TRXDATE', amount: 'AMOUNT' },
      target: { amount: 'amount' },
    });
    for (const [side, field] of [
      ['source', 'period'],
      ['source', 'amount'],
      ['target', 'amount'],
    ] as const)
      pipeline = setControlTotalsField('gl_lines', side, field, ' ')(pipeline);
    expect('controlTotals' in pipeline.streams['gl_lines']!).toBe(false);
  });

  it('sets hold-together columns and notes; empty removes them', () => {
    const held = setHoldTogether('gl_lines', ['journal_entry'])(minimalPipeline());
    expect(held.streams['gl_lines']!.target.holdTogether).toEqual(['journal_entry']);
    expect('holdTogether' in setHoldTogether('gl_lines', [])(held).streams['gl_lines']!.target).toBe(false);
    const noted = setStreamNotes('gl_lines', 'Ask Dana before changing')(held);
    expect(noted.streams['gl_lines']!.notes).toBe('Ask Dana before changing');
    expect('notes' in setStreamNotes('gl_lines', '')(noted).streams['gl_lines']!).toBe(false);
  });

  it('sets the batch size in the settings and removes it (and empty settings) for the default', () => {
    const set = setBatchSize(5000)(minimalPipeline());
    expect(set.settings).toEqual({ batchSize: 5000 });
    expect('settings' in setBatchSize(undefined)(set)).toBe(false);
  });
});

describe('page size, batch size and lookback as typed', () => {
  it('refuses a GP page size of 10,000 with the reason and the limit, and takes 1,000', () => {
    expect(readPageSize('10000', 1000, 'Microsoft Dynamics GP')).toEqual({
      ok: false,
      reason:
        'Microsoft Dynamics GP serves at most 1,000 records per page, so 10,000 would be refused. Use 1,000 or less.',
    });
    expect(readPageSize('1,000', 1000, 'Microsoft Dynamics GP')).toEqual({ ok: true, value: 1000 });
    expect(readPageSize('', 1000, 'Microsoft Dynamics GP')).toEqual({ ok: true, value: undefined });
  });

  it('bounds a page size by the file’s limit when the system has none, and refuses what is not a whole number', () => {
    expect(readPageSize('50000', undefined, 'Files')).toEqual({ ok: true, value: 50_000 });
    expect(readPageSize('200000', undefined, 'Files')).toMatchObject({ ok: false, reason: /at most 100,000/ });
    expect(readPageSize('0', undefined, 'Files')).toMatchObject({ ok: false });
    expect(readPageSize('1.5', undefined, 'Files')).toMatchObject({ ok: false });
    expect(readBatchSize('2000000')).toMatchObject({ ok: false, reason: /1 to 1,000,000/ });
    expect(readBatchSize('5000')).toEqual({ ok: true, value: 5000 });
  });

  it('refuses a lookback that is not an ISO 8601 duration, with an example', () => {
    expect(lookbackProblem('PT1H')).toBeUndefined();
    expect(lookbackProblem('')).toBeUndefined();
    expect(lookbackProblem('1 hour')).toMatch(/PT15M/);
  });
});

describe('schedule commands', () => {
  it('sets a schedule with its time zone, refuses an invalid cron or zone unchanged, and removes it', () => {
    const set = setSchedule('30  2 * * 1-5', 'America/Chicago')(minimalPipeline());
    expect(set.schedule).toEqual({ cron: '30 2 * * 1-5', timeZone: 'America/Chicago' });
    expect(setSchedule('30 2 * * 1-5', 'America/Chicago')(set)).toBe(set);
    expect(setSchedule('99 2 * * *', 'America/Chicago')(set)).toBe(set);
    expect(scheduleRefusal('99 2 * * *', undefined)).toMatch(/99 is outside the minute field/);
    expect(scheduleRefusal('0 2 * * *', 'Nowhere/Land')).toMatch(/not a time zone/);
    expect(setSchedule('0 3 * * *', undefined)(set).schedule).toEqual({ cron: '0 3 * * *' });
    expect('schedule' in removeSchedule()(set)).toBe(false);
  });
});
