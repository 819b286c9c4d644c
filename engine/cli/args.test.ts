import { describe, expect, it } from 'vitest';
import {
  flag,
  integerOption,
  optionValue,
  optionValues,
  parseArgs,
  wantsHelp,
  type OptionSpec,
  type PositionalSpec,
} from './args.ts';
import { UsageError } from './errors.ts';

const OPTIONS: OptionSpec[] = [
  { name: 'state', type: 'string', valueName: 'DIR', description: '' },
  { name: 'stream', type: 'string', multiple: true, description: '' },
  { name: 'full-refresh', type: 'boolean', description: '' },
  { name: 'limit', type: 'string', description: '' },
  { name: 'help', short: 'h', type: 'boolean', description: '' },
];
const PIPELINE: PositionalSpec[] = [{ name: 'PIPELINE.json', required: true, description: 'the pipeline file' }];

const parse = (argv: string[], positionals = PIPELINE) => parseArgs(argv, OPTIONS, positionals, 'run');
const failure = (argv: string[], positionals = PIPELINE): string => {
  try {
    parse(argv, positionals);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('parseArgs', () => {
  it('takes options before or after the argument, with a space or =', () => {
    const args = parse(['--state=/tmp/s', 'p.json', '--full-refresh', '--stream', 'a', '--stream=b']);
    expect(args.positionals).toEqual(['p.json']);
    expect(optionValue(args, 'state')).toBe('/tmp/s');
    expect(optionValues(args, 'stream')).toEqual(['a', 'b']);
    expect(flag(args, 'full-refresh')).toBe(true);
    expect(flag(args, 'help')).toBe(false);
  });

  it('treats everything after -- as arguments, and a lone - as an argument', () => {
    expect(parse(['--', '--odd-name.json']).positionals).toEqual(['--odd-name.json']);
    expect(parse(['-']).positionals).toEqual(['-']);
  });

  it('suggests the closest option for a typo, and points to help otherwise', () => {
    expect(failure(['p.json', '--strem', 'a'])).toBe('unknown option --strem for "run"; did you mean --stream?');
    expect(failure(['p.json', '--colour'])).toBe('unknown option --colour for "run" (see ml-connector run --help).');
    expect(failure(['p.json', '-x'])).toContain('unknown option -x');
  });

  it('refuses a missing value, a value on a flag, and a repeated single option', () => {
    expect(failure(['p.json', '--state'])).toBe('--state needs a value: --state DIR.');
    expect(failure(['p.json', '--state', '--full-refresh'])).toBe('--state needs a value: --state DIR.');
    expect(failure(['p.json', '--full-refresh=yes'])).toContain('takes no value');
    expect(failure(['p.json', '--state', 'a', '--state', 'b'])).toContain('more than once');
  });

  it('refuses a missing or a surplus argument', () => {
    expect(failure([])).toBe('run needs PIPELINE.json: the pipeline file.');
    expect(failure(['a.json', 'b.json'])).toContain('unexpected argument "b.json"');
  });

  it('leaves surplus arguments to the command when it asks for them', () => {
    expect(parseArgs(['set', 'NAME', 'value'], [], [], 'secrets', true).positionals).toEqual(['set', 'NAME', 'value']);
  });
});

describe('integerOption', () => {
  it('accepts whole numbers from the minimum up and refuses anything else', () => {
    expect(integerOption(parse(['p.json', '--limit', '5']), 'limit', 1)).toBe(5);
    expect(integerOption(parse(['p.json']), 'limit', 1)).toBeUndefined();
    for (const bad of ['0', '-3', '2.5', 'ten', '99999999999999999999']) {
      expect(() => integerOption(parse(['p.json', `--limit=${bad}`]), 'limit', 1)).toThrow(
        /whole number of at least 1/,
      );
    }
  });
});

describe('wantsHelp', () => {
  it('finds --help or -h anywhere before --', () => {
    expect(wantsHelp(['p.json', '--bogus', '-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['p.json'])).toBe(false);
  });
});

describe('an option whose number may be left out (--wait [SECONDS])', () => {
  const WAIT: OptionSpec[] = [{ name: 'wait', type: 'string', optionalNumber: true, description: '' }];
  const parseWait = (argv: string[]) => parseArgs(argv, WAIT, PIPELINE, 'run');

  it('takes the next argument only when it is a number', () => {
    const bare = parseWait(['--wait', 'p.json']);
    expect(flag(bare, 'wait')).toBe(true);
    expect(optionValue(bare, 'wait')).toBeUndefined();
    expect(bare.positionals).toEqual(['p.json']);
    const timed = parseWait(['p.json', '--wait', '30']);
    expect(optionValue(timed, 'wait')).toBe('30');
    expect(timed.positionals).toEqual(['p.json']);
    expect(optionValue(parseWait(['--wait=2.5', 'p.json']), 'wait')).toBe('2.5');
    expect(flag(parseWait(['p.json', '--wait']), 'wait')).toBe(true);
  });
});
