import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, NOT_YET } from './commands/index.ts';
import { commandHelp } from './help.ts';
import { cli, EXAMPLES, nonEmptyLines, tempDir } from './test-support.ts';

const temp = tempDir();
afterAll(() => temp.remove());

/** The example pipeline with one edit, in a temp folder (its relative paths then point nowhere, which a load does not read). */
function brokenCopy(name: string, edit: (pipeline: Record<string, any>) => void): string {
  const pipeline = JSON.parse(readFileSync(join(EXAMPLES, 'csv-to-duckdb.json'), 'utf8'));
  edit(pipeline);
  const file = join(temp.path, name);
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
  return file;
}

describe.concurrent('help', () => {
  it('lists every command, the state folder default and the not-yet commands', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name} `);
    expect(result.stdout).toContain('ML_CONNECTOR_STATE');
    expect(result.stdout).toContain('.ml-connector');
    expect(result.stdout).toContain('simulate');
    expect(result.stdout).toMatch(/Examples?:\n {2}ml-connector /);
    expect(result.stdout).toMatch(/Exit codes: .*; 75 already running/);
  });

  it.each(COMMANDS.map((c) => c.name))('has help with an example for %s (--help and -h)', async (name) => {
    const long = await cli([name, '--help']);
    expect(long.code).toBe(0);
    expect(long.stdout).toContain(`Usage: ml-connector ${name}`);
    expect(long.stdout).toMatch(new RegExp(`Examples?:\\n {2}ml-connector ${name}`));
    expect(long.stderr).toBe('');
    const short = await cli([name, '-h']);
    expect(short.stdout).toBe(long.stdout);
  });

  it('wins over other mistakes on the line, and `help COMMAND` works too', async () => {
    expect((await cli(['run', '--no-such-option', '--help'])).code).toBe(0);
    const viaHelp = await cli(['help', 'audit']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('Usage: ml-connector audit');
  });

  it('names the default state folder in every command that has --state', () => {
    const withState = COMMANDS.filter((c) => c.options.some((o) => o.name === 'state'));
    expect(withState.map((c) => c.name)).toEqual(['run', 'plan', 'audit', 'holds', 'replay', 'webhooks', 'serve']);
    for (const command of withState)
      expect(commandHelp(command)).toContain('$ML_CONNECTOR_STATE, else .ml-connector beside the pipeline file');
  });
});

describe.concurrent('mistakes on the command line', () => {
  it('suggests the closest command for an unknown one (exit 2, one line on stderr)', async () => {
    const result = await cli(['valdiate', 'x.json']);
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual(['error: unknown command "valdiate"; did you mean "validate"?']);
    expect(result.stdout).toBe('');
  });

  it('suggests the closest option for an unknown one (exit 2)', async () => {
    const result = await cli(['run', 'pipeline.json', '--ful-refresh']);
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual([
      'error: unknown option --ful-refresh for "run"; did you mean --full-refresh?',
    ]);
  });

  it('refuses a missing argument, a missing option value and a bad number', async () => {
    const missing = await cli(['run']);
    expect(missing.code).toBe(2);
    expect(nonEmptyLines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toContain('PIPELINE.json');
    const noValue = await cli(['audit', '--state']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('--state needs a value');
    const badLimit = await cli(['audit', '--limit', 'ten']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit must be a whole number');
  });

  it('has simulate, check and demo as commands now, and nothing left "not in this version"', () => {
    expect(NOT_YET).toEqual([]);
    expect(COMMANDS.map((c) => c.name)).toEqual(
      expect.arrayContaining(['simulate', 'check', 'demo', 'serve', 'status']),
    );
  });

  it('names the simulators there are when asked for one that is not (exit 2, one line)', async () => {
    const result = await cli(['simulate', 'sage-x3']);
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual([
      'error: there is no simulator for "sage-x3"; available: gp, bamboohr, databricks, ifs, sap-ecc, dynamics365, peoplesoft (the other systems come later).',
    ]);
  });

  it('gives no command at all exit 2 with the list of commands', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give a command: run, validate');
  });
});

describe.concurrent('an invalid pipeline', () => {
  const file = brokenCopy('bad-write-mode.json', (p) => {
    p.streams.gl_lines.target.writeMode = 'upsert';
  });

  it('stops `run` with exit 2 and one line naming the JSON path', async () => {
    const result = await cli(['run', file, '--state', join(temp.path, 'state')]);
    expect(result.code).toBe(2);
    const lines = nonEmptyLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('streams.gl_lines.target.writeMode');
    expect(lines[0]).toContain('upsert');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('lists every problem in `validate`, exit 2', async () => {
    const twoProblems = brokenCopy('two-problems.json', (p) => {
      p.streams.gl_lines.target.writeMode = 'upsert';
      p.connections.warehouse.auth.method = 'telepathy';
    });
    const result = await cli(['validate', twoProblems]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: streams.gl_lines.target.writeMode');
    expect(result.stderr).toContain('connections.warehouse.auth');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an unknown system with the known ones and the closest, in `validate` and `run` alike (exit 2)', async () => {
    const misspelt = brokenCopy('unknown-system.json', (p) => {
      p.connections.warehouse.system = 'duckbd';
    });
    for (const args of [
      ['validate', misspelt],
      ['run', misspelt, '--state', join(temp.path, 'state-unknown-system')],
    ]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('connections.warehouse.system');
      expect(result.stderr).toContain(
        'There is no system "duckbd" in this version. Did you mean "duckdb"? (known: file, dynamics-gp, bamboohr, duckdb, databricks, ifs-cloud, sap-ecc, dynamics-365, peoplesoft).',
      );
    }
  });

  it('gives `validate --json` one problem per line and a summary', async () => {
    const result = await cli(['validate', file, '--json']);
    expect(result.code).toBe(2);
    const lines = nonEmptyLines(result.stdout).map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'problem', path: 'streams.gl_lines.target.writeMode', severity: 'error' });
    expect(lines.at(-1)).toEqual({ type: 'summary', file, valid: false, errors: 1, warnings: 0 });
  });

  it('reports a file that is not JSON with its line and column', async () => {
    const truncated = join(temp.path, 'truncated.json');
    writeFileSync(truncated, '{\n  "version": 2,\n');
    const result = await cli(['run', truncated]);
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/line \d+, column \d+/);
  });

  it('reports a missing file in one line (exit 2), and the stack only with --debug', async () => {
    const missing = join(temp.path, 'no-such-pipeline.json');
    const plain = await cli(['run', missing]);
    expect(plain.code).toBe(2);
    expect(nonEmptyLines(plain.stderr)).toEqual([`error: Cannot open the pipeline ${missing}: there is no such file.`]);
    const debug = await cli(['run', missing, '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe.concurrent('secrets', () => {
  it('refuses a value given as an argument without repeating it', async () => {
    const result = await cli(['secrets', 'set', 'gp_password', 'hunter2-very-secret']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('standard input');
    expect(result.stderr).not.toContain('hunter2-very-secret');
  });

  it('refuses a malformed name without repeating it, and an unknown action with a suggestion', async () => {
    const badName = await cli(['secrets', 'delete', 'p@ss w0rd!']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).not.toContain('p@ss w0rd!');
    const badAction = await cli(['secrets', 'lst']);
    expect(badAction.code).toBe(2);
    expect(badAction.stderr).toContain('did you mean "list"?');
  });

  it('refuses an empty value from standard input before touching any store', async () => {
    const result = await cli(['secrets', 'set', 'gp_password'], { input: '\n' });
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual(['error: the value for "gp_password" is empty; nothing was stored.']);
  });

  it('lists secrets from the environment by name, never by value', async () => {
    const result = await cli(['secrets', 'list', '--json'], { env: { ML_CONNECTOR_SECRET_GP_TOKEN: 'tok-123456789' } });
    expect(result.code).toBe(0);
    const lines = nonEmptyLines(result.stdout).map((line) => JSON.parse(line));
    expect(lines).toContainEqual({ type: 'secret', name: 'GP_TOKEN', source: 'environment' });
    expect(result.stdout + result.stderr).not.toContain('tok-123456789');
  });
});
