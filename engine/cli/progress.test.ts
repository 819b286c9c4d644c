import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../runner/index.ts';
import {
  estimateSeconds,
  fitToWidth,
  formatDuration,
  formatProgressLine,
  formatRate,
  ProgressBoard,
  TtyProgress,
} from './progress.ts';

describe('progress formatting', () => {
  it('shows counts and rate while a stream runs, and no ETA without a total', () => {
    const line = formatProgressLine({
      stream: 'gl_lines',
      phase: 'running',
      read: 12345,
      written: 12300,
      held: 45,
      alreadyLoaded: 0,
      rate: 1234.4,
    });
    expect(line).toBe('gl_lines  read 12,345  written 12,300  held 45  1,234 rows/s');
  });

  it('shows percent and ETA when the total is known', () => {
    const line = formatProgressLine(
      {
        stream: 'vendors',
        phase: 'running',
        read: 2500,
        written: 2500,
        held: 0,
        alreadyLoaded: 0,
        rate: 50,
        total: 10000,
      },
      10,
    );
    expect(line).toBe('vendors     read 2,500/10,000 (25%)  written 2,500  held 0  50 rows/s  ETA 2m 30s');
  });

  it('shows the outcome and the time taken when a stream has finished, and "waiting" before it starts', () => {
    expect(
      formatProgressLine({
        stream: 'gl',
        phase: 'finished',
        read: 8,
        written: 7,
        held: 1,
        alreadyLoaded: 0,
        rate: 0,
        status: 'held',
        elapsedMs: 420,
      }),
    ).toBe('gl  held  read 8  written 7  held 1  in 0.4s');
    expect(
      formatProgressLine(
        { stream: 'gl', phase: 'waiting', read: 0, written: 0, held: 0, alreadyLoaded: 0, rate: 0 },
        4,
      ),
    ).toBe('gl    waiting');
  });

  it('formats rates, durations and ETAs', () => {
    expect(formatRate(0)).toBe('0 rows/s');
    expect(formatRate(2.25)).toBe('2.3 rows/s');
    expect(formatRate(Number.NaN)).toBe('0 rows/s');
    expect(formatDuration(0.023)).toBe('23ms');
    expect(formatDuration(0.42)).toBe('0.4s');
    expect(formatDuration(9.97)).toBe('10s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(150)).toBe('2m 30s');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(estimateSeconds(10, 110, 20)).toBe(5);
    expect(estimateSeconds(10, undefined, 20)).toBeUndefined();
    expect(estimateSeconds(10, 100, 0)).toBeUndefined();
    expect(fitToWidth('abcdefghij', 6)).toBe('abcd…');
    expect(fitToWidth('abc', 6)).toBe('abc');
  });
});

const RUN: RunEvent[] = [
  { type: 'run-started', runId: 'r1', streams: ['accounts', 'gl_lines'] },
  { type: 'stream-started', stream: 'accounts', from: null },
  { type: 'progress', stream: 'accounts', read: 100, written: 99, held: 1, alreadyLoaded: 0, rate: 200 },
];

describe('ProgressBoard', () => {
  it('keeps one line per stream, in run order, with aligned names', () => {
    const board = new ProgressBoard();
    RUN.forEach((event, index) => board.apply(event, index * 1000));
    expect(board.lines()).toEqual(['accounts  read 100  written 99  held 1  200 rows/s', 'gl_lines  waiting']);
    board.apply(
      {
        type: 'stream-finished',
        stream: 'accounts',
        status: 'held',
        read: 100,
        written: 99,
        held: 1,
        alreadyLoaded: 0,
      },
      3500,
    );
    expect(board.lines()[0]).toBe('accounts  held  read 100  written 99  held 1  in 2.5s');
  });

  it("shows the destination's rate-limit use (Dataverse's request budget) as its last batch told it", () => {
    const board = new ProgressBoard();
    board.apply({ type: 'run-started', runId: 'r', streams: ['accounts'] }, 0);
    board.apply({ type: 'stream-started', stream: 'accounts', from: null }, 0);
    const usage = 'Dataverse requests 5,998 of 6,000 per 300 s, waited 12.0 s for it';
    board.apply(
      { type: 'batch-committed', stream: 'accounts', batchId: 'b1', written: 10, held: 0, alreadyLoaded: 0, usage },
      500,
    );
    board.apply(
      { type: 'progress', stream: 'accounts', read: 20, written: 10, held: 0, alreadyLoaded: 0, rate: 20 },
      1000,
    );
    expect(board.lines()[0]).toBe(`accounts  read 20  written 10  held 0  20 rows/s  ${usage}`);
  });

  it('says how many rows read again were already loaded, apart from the written ones', () => {
    const board = new ProgressBoard();
    board.apply({ type: 'run-started', runId: 'r', streams: ['gl_lines'] }, 0);
    board.apply({ type: 'stream-started', stream: 'gl_lines', from: null }, 0);
    board.apply(
      { type: 'stream-finished', stream: 'gl_lines', status: 'ok', read: 5, written: 1, held: 0, alreadyLoaded: 4 },
      1000,
    );
    expect(board.lines()[0]).toBe('gl_lines  ok  read 5  written 1  held 0  already loaded 4  in 1.0s');
  });
});

describe('ProgressBoard with an estimate from the source', () => {
  it('shows percent and an ETA once the runner passes an estimated total', () => {
    const board = new ProgressBoard();
    board.apply({ type: 'run-started', runId: 'r', streams: ['gl_lines'] }, 0);
    board.apply({ type: 'stream-started', stream: 'gl_lines', from: null }, 0);
    board.apply(
      {
        type: 'progress',
        stream: 'gl_lines',
        read: 250,
        written: 250,
        held: 0,
        alreadyLoaded: 0,
        rate: 50,
        estimatedTotal: 1000,
      },
      5000,
    );
    expect(board.lines()[0]).toMatch(/read 250\/1,000 \(25%\).*ETA 15s/);
  });
});

describe('TtyProgress', () => {
  it('redraws its lines in place and keeps notes above them', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new TtyProgress({ write: (text) => written.push(text), columns: 80 }, () => now);
    for (const event of RUN) {
      now += 200;
      progress.onEvent(event);
    }
    const last = written.at(-1)!;
    // Two lines were drawn before, so the redraw moves up two lines first.
    expect(last.startsWith('\x1b[2A')).toBe(true);
    expect(last).toContain('accounts  read 100');
    const before = written.length;
    now += 10;
    progress.onEvent({
      type: 'progress',
      stream: 'accounts',
      read: 150,
      written: 150,
      held: 0,
      alreadyLoaded: 0,
      rate: 300,
    });
    expect(written.length).toBe(before); // throttled: less than the interval since the last draw
    progress.note('accounts: HTTP_429, retrying in 2s (attempt 1)');
    expect(written.slice(before)).toEqual([
      '\x1b[2A\x1b[0J',
      'accounts: HTTP_429, retrying in 2s (attempt 1)\n',
      '\r\x1b[2Kaccounts  read 150  written 150  held 0  300 rows/s\n\r\x1b[2Kgl_lines  waiting\n',
    ]);
  });
});
