import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPipeline, isUsable, parsePipelineDocument, parsePipelineText } from './pipeline-file.ts';
import { installSystemRules } from './references.ts';
import { minimalPipeline, TEST_SYSTEM_RULES } from './test-fixtures.ts';

// The model knows no connector: the rules come as data (the registry's, in the CLI and the studio).
beforeAll(() => installSystemRules(TEST_SYSTEM_RULES));

const examplesDir = new URL('../../assets/examples/', import.meta.url);

describe('load -> save', () => {
  const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.json'));

  it('has example pipelines to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const name of examples) {
    it(`round-trips ${name} byte-identical`, () => {
      const text = readFileSync(new URL(name, examplesDir), 'utf8');
      const load = parsePipelineText(text);
      expect(load.problems).toEqual([]);
      expect(formatPipeline(load.pipeline!)).toBe(text);
    });
  }

  it('writes keys in schema order whatever order the object was built in', () => {
    const pipeline = minimalPipeline();
    const shuffled = JSON.parse(
      JSON.stringify({
        streams: pipeline.streams,
        name: pipeline.name,
        connections: pipeline.connections,
        version: 3,
        lookups: pipeline.lookups,
      }),
    );
    const mapping = shuffled.streams.gl_lines.mappings.journal_entry;
    shuffled.streams.gl_lines.mappings.journal_entry = {
      required: mapping.required,
      expression: mapping.expression,
      type: mapping.type,
    };
    expect(formatPipeline(shuffled)).toBe(formatPipeline(pipeline));
    const text = formatPipeline(pipeline);
    expect(text.indexOf('"version"')).toBeLessThan(text.indexOf('"name"'));
    expect(text.indexOf('"type"')).toBeLessThan(text.indexOf('"expression"'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "name"');
  });

  it("keeps the analyst's order of columns and streams", () => {
    const pipeline = minimalPipeline();
    pipeline.streams.gl_lines!.mappings = {
      zeta: { type: 'string', expression: 'A' },
      alpha: { type: 'string', expression: 'B' },
    };
    const text = formatPipeline(pipeline);
    expect(text.indexOf('"zeta"')).toBeLessThan(text.indexOf('"alpha"'));
  });

  it('is stable: save(load(save(p))) == save(p) for generated notes and names', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1, maxLength: 200 }), (notes, name) => {
        const pipeline = { ...minimalPipeline(), name, notes };
        const saved = formatPipeline(pipeline);
        const again = parsePipelineText(saved);
        expect(again.pipeline).toBeDefined();
        expect(formatPipeline(again.pipeline!)).toBe(saved);
      }),
      { numRuns: 200 },
    );
  });

  it('saves a pipeline that is not valid yet as it is, losing nothing', () => {
    const draft = { ...minimalPipeline(), name: '' };
    const saved = formatPipeline(draft);
    expect(JSON.parse(saved)).toEqual(draft);
  });
});

describe('problems', () => {
  it('reports every schema problem at once with its path', () => {
    const document = JSON.parse(JSON.stringify(minimalPipeline()));
    document.streams.gl_lines.target.writeMode = 'upsert';
    document.streams.gl_lines.mappings.cost_center.type = 'money';
    document.streams.gl_lines.source.colour = 'blue';
    delete document.name;
    const load = parsePipelineDocument(document);
    expect(load.pipeline).toBeUndefined();
    const byPath = Object.fromEntries(load.problems.map((p) => [p.path, p.message]));
    expect(byPath['streams.gl_lines.target.writeMode']).toMatch(/one of "append", "merge", "replace"; found "upsert"/);
    expect(byPath['streams.gl_lines.mappings.cost_center.type']).toMatch(/decimal\(p,s\)/);
    expect(byPath['streams.gl_lines.source']).toMatch(/unknown property "colour"/);
    expect(byPath['name']).toMatch(/required/);
    expect(load.problems).toHaveLength(4);
  });

  it('names an unknown kind of sign-in with the allowed ones', () => {
    const document = JSON.parse(JSON.stringify(minimalPipeline()));
    document.connections.files.auth = { method: 'kerberos' };
    const [problem] = parsePipelineDocument(document).problems;
    expect(problem?.path).toBe('connections.files.auth.method');
    expect(problem?.message).toMatch(/"ntlm"/);
  });

  it('names a system the installed rules do not list, with the known ones and the closest', () => {
    const pipeline = minimalPipeline();
    pipeline.connections.files!.system = 'dynamics-pg';
    pipeline.connections.warehouse!.system = 'acme-ledger';
    const problems = parsePipelineDocument(pipeline).problems;
    const known = Object.keys(TEST_SYSTEM_RULES).join(', ');
    expect(problems).toContainEqual({
      path: 'connections.files.system',
      code: 'unknown-system',
      severity: 'error',
      message: `There is no system "dynamics-pg" in this version. Did you mean "dynamics-gp"? (known: ${known}).`,
    });
    expect(problems).toContainEqual({
      path: 'connections.warehouse.system',
      code: 'unknown-system',
      severity: 'error',
      message: `There is no system "acme-ledger" in this version. (known: ${known}).`,
    });
    // A name inherited from Object.prototype is no system either, and no crash.
    pipeline.connections.files!.system = 'constructor';
    expect(parsePipelineDocument(pipeline).problems.map((p) => `${p.code}@${p.path}`)).toContain(
      'unknown-system@connections.files.system',
    );
  });

  it('takes any well-formed system id when no rules are installed (the model on its own), and refuses a malformed one', () => {
    const pipeline = minimalPipeline();
    pipeline.connections.files!.system = 'acme-ledger';
    installSystemRules({});
    try {
      expect(parsePipelineDocument(pipeline).problems).toEqual([]);
      pipeline.connections.files!.system = 'Acme Ledger';
      expect(parsePipelineDocument(pipeline).problems.map((p) => p.path)).toEqual(['connections.files.system']);
    } finally {
      installSystemRules(TEST_SYSTEM_RULES);
    }
  });

  it('gives line and column of a JSON syntax error', () => {
    const load = parsePipelineText('{\n  "version": 2,\n  "name": "x",,\n}');
    expect(load.problems).toHaveLength(1);
    expect(load.problems[0]).toMatchObject({ code: 'json', line: 3 });
    expect(load.problems[0]!.message).toMatch(/not valid JSON/);
  });

  it('refuses an empty file and a file that is not an object', () => {
    expect(parsePipelineText('').problems[0]!.message).toMatch(/empty/);
    expect(parsePipelineText('[1,2]').problems[0]!.message).toMatch(/one JSON object/);
  });

  it('refuses a file from a newer version with a message saying so', () => {
    const load = parsePipelineDocument({ ...minimalPipeline(), version: 9 });
    expect(load.problems[0]).toMatchObject({ path: 'version' });
    expect(load.problems[0]!.message).toMatch(/newer ml-connector/);
  });

  it('reports broken references, merge keys and dependency cycles together', () => {
    const pipeline = minimalPipeline();
    const stream = pipeline.streams.gl_lines!;
    stream.source.connection = 'gp';
    stream.target.mergeKey = ['journal_entry', 'line'];
    stream.dependsOn = ['vendors'];
    pipeline.streams.vendors = {
      ...structuredClone(stream),
      source: { ...stream.source, connection: 'files' },
      dependsOn: ['gl_lines'],
    };
    const load = parsePipelineDocument(pipeline);
    const codes = load.problems.map((p) => `${p.code}@${p.path}`);
    expect(codes).toContain('unknown-connection@streams.gl_lines.source.connection');
    expect(codes).toContain('unknown-column@streams.gl_lines.target.mergeKey[1]');
    expect(codes).toContain('dependency-cycle@streams.gl_lines.dependsOn');
    expect(isUsable(load)).toBe(false);
  });

  it('refuses reading from a warehouse and writing to a file connection', () => {
    const pipeline = minimalPipeline();
    pipeline.streams.gl_lines!.source.connection = 'warehouse';
    pipeline.streams.gl_lines!.target.connection = 'files';
    const codes = parsePipelineDocument(pipeline).problems.map((p) => p.code);
    expect(codes.filter((c) => c === 'wrong-direction')).toHaveLength(2);
  });

  it('refuses a job trigger on a destination that cannot run jobs', () => {
    const pipeline = minimalPipeline();
    pipeline.streams.gl_lines!.target.afterLoad = { runJob: 8 };
    const problems = parsePipelineDocument(pipeline).problems;
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'after-load-unsupported@streams.gl_lines.target.afterLoad',
    ]);
  });

  it('refuses a hold-together column that has no mapping', () => {
    const pipeline = minimalPipeline();
    pipeline.streams.gl_lines!.target.holdTogether = ['journal_reference'];
    const problems = parsePipelineDocument(pipeline).problems;
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'unknown-column@streams.gl_lines.target.holdTogether[0]',
    ]);
  });

  it('checks lookup tables: duplicates, missing dates, two sources', () => {
    const pipeline = minimalPipeline();
    pipeline.lookups = {
      a: {
        rows: [
          { key: 'x', value: 1 },
          { key: 'x', value: 2 },
        ],
      },
      b: { effectiveDated: true, rows: [{ key: 'x', value: 1 }] },
      c: { rows: [], file: { path: 'c.csv', keyColumn: 'k', valueColumn: 'v' } },
    };
    const problems = parsePipelineDocument(pipeline).problems.map((p) => `${p.code}@${p.path}`);
    expect(problems).toEqual([
      'lookup-duplicate-key@lookups.a.rows[1].key',
      'lookup-no-dates@lookups.b.rows[0].effectiveFrom',
      'lookup-two-sources@lookups.c',
    ]);
  });
});
