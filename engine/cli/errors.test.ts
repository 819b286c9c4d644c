import { describe, expect, it } from 'vitest';
import { MlcError } from '../model/errors.ts';
import { PipelineProblemsError } from '../runner/pipeline-loader.ts';
import { CancelledError, errorReport, exitCodeFor, UsageError } from './errors.ts';
import { valueFromPipedText } from './read-secret.ts';

describe('exitCodeFor', () => {
  it('gives 2 for what the user gave wrong, 130 for a cancel and 1 for everything else', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(2);
    expect(exitCodeFor(new PipelineProblemsError('p.json', []))).toBe(2);
    expect(exitCodeFor(new MlcError('PIPELINE_UNREADABLE', 'x'))).toBe(2);
    expect(exitCodeFor(new MlcError('NOT_FOUND', 'x'))).toBe(2);
    expect(exitCodeFor(new CancelledError('x'))).toBe(130);
    // Already running: nothing was done, a scheduler may try again (EX_TEMPFAIL).
    expect(exitCodeFor(new MlcError('RUN_LOCKED', 'x'))).toBe(75);
    expect(exitCodeFor(new MlcError('HTTP_503', 'x'))).toBe(1);
    expect(exitCodeFor(new Error('x'))).toBe(1);
    expect(exitCodeFor('a string')).toBe(1);
  });
});

describe('errorReport', () => {
  it('is one line with the first problem and its JSON path, and how many more there are', () => {
    const error = new PipelineProblemsError('p.json', [
      { path: 'streams.gl.mappings.x.expression', message: 'bad', severity: 'error', code: 'type', line: 1, column: 7 },
      { path: 'schedule', message: 'old', severity: 'warning', code: 'w' },
      { path: 'connections.a', message: 'worse', severity: 'error', code: 'schema' },
    ]);
    expect(errorReport(error, false)).toEqual([
      'error: p.json: streams.gl.mappings.x.expression (line 1, column 7): bad (and 1 more; see ml-connector validate p.json)',
    ]);
  });

  it('flattens a multi-line message, and adds the stack only with --debug', () => {
    const error = new Error('first line\n  second line');
    expect(errorReport(error, false)).toEqual(['error: first line second line']);
    const debug = errorReport(error, true);
    expect(debug).toHaveLength(2);
    expect(debug[1]).toContain('errors.test.ts');
  });
});

describe('valueFromPipedText', () => {
  it('drops the one line ending echo adds and keeps everything else', () => {
    expect(valueFromPipedText('s3cret\n')).toBe('s3cret');
    expect(valueFromPipedText('s3cret\r\n')).toBe('s3cret');
    expect(valueFromPipedText(' two words \n\n')).toBe(' two words \n');
    expect(valueFromPipedText('no-newline')).toBe('no-newline');
  });
});
