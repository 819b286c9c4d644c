/**
 * Adding a system is its folder and one line in connectors/index.ts. Here a throw-away module is that one
 * line (the real list plus it, in place of the file), and every surface that names systems shows it with
 * no other edit: the registry opens and tests it, the studio's catalog offers it, `check` tests it,
 * `simulate` starts it and its help names it with its port, `demo` names its port, the example workspace
 * points its connections at its simulator, `validate` accepts its brand-new id and applies its roles and
 * its path parts, and the published JSON Schema offers the id to editors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AnyConnectorModule } from '../connectors/kit/module/module.ts';
import {
  openSource,
  pingConnection,
  SIMULATED_SYSTEMS,
  startSimulator,
  systemCatalog,
  type SimulatorHandle,
} from '../connectors/registry.ts';
import { demoCommand } from '../engine/cli/commands/demo.ts';
import { simulateCommand } from '../engine/cli/commands/simulate.ts';
import type { CliContext, Output } from '../engine/cli/context.ts';
import { pointAt } from '../engine/cli/example-workspace.ts';
import { commandHelp } from '../engine/cli/help.ts';
import { runCli } from '../engine/cli/main.ts';
import { tempDir } from '../engine/cli/test-support.ts';
import {
  connectionContext,
  fileAddressParts,
  formatPipeline,
  parsePipelineDocument,
  type Pipeline,
} from '../engine/model/index.ts';
import { EnvironmentSecretStore, secretValues } from '../engine/secrets/index.ts';
import { publishedSchemaText } from '../scripts/write-json-schema.ts';
import { THROWAWAY_PORT } from './throwaway-module.ts';

vi.mock('../connectors/index.ts', async (importOriginal) => {
  const { CONNECTOR_MODULES } = await importOriginal<{ CONNECTOR_MODULES: readonly AnyConnectorModule[] }>();
  const { throwawayModule } = await import('./throwaway-module.ts');
  return { CONNECTOR_MODULES: [...CONNECTOR_MODULES, throwawayModule] };
});

const temp = tempDir('mlc-one-line-');
let simulator: SimulatorHandle | undefined;
afterAll(async () => {
  await simulator?.close();
  temp.remove();
});

function pipelineWith(baseUrl: string): Pipeline {
  return {
    version: 3,
    name: 'Throw-away',
    connections: {
      parts: { system: 'acme-ledger', address: { baseUrl }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      parts: {
        source: { connection: 'parts', entity: 'parts', key: ['id'] },
        target: { connection: 'warehouse', table: 'parts', writeMode: 'append' },
        mappings: { id: { type: 'decimal(18,0)', expression: 'id' } },
      },
    },
  } as Pipeline;
}

function capture(): Output & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text) => void lines.push(text), json: (value) => void lines.push(JSON.stringify(value)) };
}

function cliContext(out: Output, err: Output): CliContext {
  const environment = new EnvironmentSecretStore();
  return {
    out,
    err,
    env: {},
    cwd: temp.path,
    stdin: process.stdin,
    stderr: process.stderr,
    secrets: {
      resolve: () => Promise.reject(new Error('no secrets here')),
      values: secretValues,
      scrub: (text) => text,
      keychain: environment,
      environment,
    },
  };
}

describe('a module registered in one line', () => {
  it('has a simulator simulate starts by name, on its own default port unless told', async () => {
    expect(SIMULATED_SYSTEMS.throwaway).toBe(THROWAWAY_PORT);
    simulator = await startSimulator('throwaway', { port: 0 });
    expect(simulator.banner[0]).toContain(simulator.url);
  });

  it('is opened and tested by the registry, and offered by the studio catalog', async () => {
    const pipeline = pipelineWith(String(simulator!.address.baseUrl));
    const context = connectionContext({ pipeline, dir: temp.path }, 'parts', {
      resolveSecret: () => Promise.reject(new Error('none')),
    });
    const source = await openSource(context);
    expect((await source.discover()).map((entity) => entity.entity)).toEqual(['parts']);
    expect(await pingConnection(context)).toEqual({
      ok: true,
      test: 'Ask the throw-away server how it is',
      message: 'the server says fine',
    });
    const entry = (await systemCatalog()).find((system) => system.system === 'acme-ledger');
    expect(entry).toMatchObject({
      label: 'Throw-away system',
      roles: ['source'],
      simulator: { system: 'throwaway', defaultPort: THROWAWAY_PORT },
    });
  });

  it('is tested by check, named with its port by simulate and demo help, and pointed at by the example workspace', async () => {
    const file = join(temp.path, 'throwaway.json');
    writeFileSync(file, formatPipeline(pipelineWith(String(simulator!.address.baseUrl))));
    const out = capture();
    expect(await runCli(['check', file], cliContext(out, capture()))).toBe(0);
    expect(out.lines).toContain('parts (acme-ledger): ok - Ask the throw-away server how it is: the server says fine');

    const simulateHelp = commandHelp(simulateCommand);
    expect(simulateHelp).toContain(`throwaway ${THROWAWAY_PORT}`);
    expect(simulateHelp).toContain('simulate throwaway');
    expect((demoCommand.notes ?? []).join('\n')).toContain(`throwaway ${THROWAWAY_PORT}`);

    const pointed = pointAt(pipelineWith('http://example.invalid'), { throwaway: simulator! });
    expect(pointed.connections.parts?.address.baseUrl).toBe(simulator!.address.baseUrl);
  });

  it('is a system the pipeline file accepts, with no edit to the model: validate passes, editors are offered its id', async () => {
    const file = join(temp.path, 'valid.json');
    writeFileSync(file, formatPipeline(pipelineWith('http://example.invalid')));
    const out = capture();
    const err = capture();
    expect(await runCli(['validate', file], cliContext(out, err))).toBe(0);
    expect(err.lines).toEqual([]);
    const schema = JSON.parse(publishedSchemaText());
    expect(schema.properties.connections.additionalProperties.properties.system.enum).toContain('acme-ledger');
  });

  it('brings its roles to the pipeline checks: validate refuses writing to a source-only system', async () => {
    const pipeline = pipelineWith('http://example.invalid');
    pipeline.streams.parts = {
      ...pipeline.streams.parts!,
      source: { connection: 'parts', entity: 'parts', key: ['id'] },
      target: { connection: 'parts', table: 'parts', writeMode: 'append' },
    };
    const file = join(temp.path, 'backwards.json');
    writeFileSync(file, formatPipeline(pipeline));
    const out = capture();
    const err = capture();
    await runCli(['validate', file, '--json'], cliContext(out, err));
    expect(`${out.lines.join('\n')}${err.lines.join('\n')}`).toContain(
      'is a acme-ledger connection, which can only be read from.',
    );
    expect(parsePipelineDocument(pipeline).problems.map((problem) => `${problem.code}@${problem.path}`)).toContain(
      'wrong-direction@streams.parts.target.connection',
    );
    // Its address part of kind path is checked and rebased as a file on this machine.
    expect(fileAddressParts('acme-ledger')).toEqual(['caCertFile']);
  });
});
