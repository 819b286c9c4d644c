import { describe, expect, it } from 'vitest';
import { SecretRegistry } from './registry.ts';
import { MIN_SECRET_LENGTH } from './secret-forms.ts';

// Characters that URL-encoding, JSON escaping and base64 all change.
const PASSWORD = 'p@ss w/rd&"ü+1';

function registryWith(...values: string[]): SecretRegistry {
  const registry = new SecretRegistry();
  for (const value of values) registry.remember(value);
  return registry;
}

/** Every base64-looking run in `text`, decoded at each of the three byte alignments. */
function decodedRuns(text: string): string[] {
  const runs = text.match(/[A-Za-z0-9+/]{4,}={0,2}/g) ?? [];
  return runs.flatMap((run) => [0, 1, 2].map((cut) => Buffer.from(run.slice(cut), 'base64').toString('latin1')));
}

describe('SecretRegistry.scrub', () => {
  it('masks the plain value wherever it appears', () => {
    const registry = registryWith(PASSWORD);
    expect(registry.scrub(`login failed for sa with ${PASSWORD}; retry ${PASSWORD}`)).toBe(
      'login failed for sa with ***; retry ***',
    );
  });

  it('masks the URL-encoded value, in a query string and in a form body', () => {
    const registry = registryWith(PASSWORD);
    const query = `https://gp.example/api?user=sa&password=${encodeURIComponent(PASSWORD)}`;
    const form = new URLSearchParams({ password: PASSWORD }).toString();
    expect(registry.scrub(query)).toBe('https://gp.example/api?user=sa&password=***');
    expect(registry.scrub(form)).toBe('password=***');
  });

  it('masks the JSON-escaped value inside a serialised payload', () => {
    const registry = registryWith(PASSWORD);
    const body = JSON.stringify({ password: PASSWORD });
    expect(registry.scrub(body)).toBe('{"password":"***"}');
  });

  it('masks the base64 value alone and inside a Basic auth header, whatever the user name length', () => {
    const registry = registryWith(PASSWORD);
    expect(registry.scrub(Buffer.from(PASSWORD).toString('base64'))).toBe('***');
    for (const user of ['a', 'ab', 'abc', 'sa_gp_integration']) {
      const header = `Authorization: Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`;
      const scrubbed = registry.scrub(header);
      expect(scrubbed).toContain('***');
      // What is left of the header cannot be decoded back to the password (nor a 6-character piece of it).
      for (const decoded of decodedRuns(scrubbed)) expect(decoded).not.toContain(PASSWORD.slice(2, 8));
    }
  });

  it('masks the base64url form used in tokens', () => {
    const value = 'ÿþý-token?>~';
    const registry = registryWith(value);
    const base64url = Buffer.from(value).toString('base64url');
    expect(base64url).toMatch(/[-_]/);
    expect(registry.scrub(`t=${base64url}`)).toBe('t=***');
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters instead of mangling ordinary text`, () => {
    const registry = registryWith('abc', '1', '');
    expect(registry.size).toBe(0);
    expect(registry.scrub('abc 1 total')).toBe('abc 1 total');
    expect(registry.secretValues()).toEqual([]);
  });

  it('masks a longer secret whole when it contains a shorter one', () => {
    const registry = registryWith('token', 'token-with-suffix');
    expect(registry.scrub('a token-with-suffix and a token')).toBe('a *** and a ***');
  });

  it('exposes every spelling for the run store guard, values included', () => {
    const registry = registryWith(PASSWORD);
    const values = registry.secretValues();
    expect(values).toContain(PASSWORD);
    expect(values).toContain(encodeURIComponent(PASSWORD));
    expect(values).toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(values.every((form) => form.length >= MIN_SECRET_LENGTH)).toBe(true);
  });

  // A run hands the run store every spelling, and a process running several pipelines (the demo, the
  // studio) hands them to the next run as values: spellings of spellings grew tenfold per run, and the
  // seventh run of one process spent minutes remembering.
  it('remembers a spelling it already knows as nothing new, however many runs hand the spellings back', () => {
    const registry = registryWith(PASSWORD);
    const spellings = [...registry.secretValues()];
    for (let run = 0; run < 3; run++) for (const form of registry.secretValues()) registry.remember(form);
    expect([...registry.secretValues()].sort()).toEqual(spellings.sort());
    expect(registry.size).toBe(1);
  });
});

describe('SecretRegistry.scrubValue', () => {
  it('scrubs strings deep inside objects and arrays, keys included, and leaves other leaves alone', () => {
    const registry = registryWith(PASSWORD, 'dapi0123456789abcdef');
    const when = new Date(0);
    const payload = {
      request: {
        headers: { authorization: `Bearer dapi0123456789abcdef` },
        body: { password: PASSWORD, amount: 12.5 },
      },
      rows: [{ note: `echo ${PASSWORD}` }, null, true, 3],
      [PASSWORD]: 'key was the secret',
      when,
    };
    const scrubbed = registry.scrubValue(payload);
    expect(JSON.stringify(scrubbed)).not.toContain(PASSWORD);
    expect(JSON.stringify(scrubbed)).not.toContain('dapi0123456789abcdef');
    expect(scrubbed.request.headers.authorization).toBe('Bearer ***');
    expect(scrubbed.request.body).toEqual({ password: '***', amount: 12.5 });
    expect(scrubbed.rows).toEqual([{ note: 'echo ***' }, null, true, 3]);
    expect((scrubbed as Record<string, unknown>)['***']).toBe('key was the secret');
    expect(scrubbed.when).toBe(when);
    // The original is untouched: the caller may still need the real value.
    expect(payload.request.body.password).toBe(PASSWORD);
  });

  it('turns an Error into a plain scrubbed record and survives cycles', () => {
    const registry = registryWith(PASSWORD);
    const error = Object.assign(new Error(`bad password ${PASSWORD}`), { code: 'E_AUTH' });
    const cyclic: Record<string, unknown> = { error, secret: PASSWORD };
    cyclic.self = cyclic;
    const scrubbed = registry.scrubValue(cyclic) as Record<string, unknown>;
    expect(scrubbed.secret).toBe('***');
    expect(scrubbed.self).toBe(scrubbed);
    expect(scrubbed.error).toMatchObject({ name: 'Error', message: 'bad password ***', code: 'E_AUTH' });
    expect(String((scrubbed.error as { stack: string }).stack)).not.toContain(PASSWORD);
  });

  it('returns the value itself when no secret is known', () => {
    const payload = { a: 'b' };
    expect(new SecretRegistry().scrubValue(payload)).toBe(payload);
  });
});
