import { describe, expect, it } from 'vitest';
import { webhookSystems } from '../../connectors/registry.ts';
import { minimalPipeline } from '../model/test-fixtures.ts';
import { webhookCanKeep, webhookStreamKinds, webhookStreams } from './webhook-streams.ts';

function pipelineReading(system: string, entity: string) {
  const pipeline = minimalPipeline();
  pipeline.connections.files!.system = system;
  pipeline.streams.gl_lines!.source.entity = entity;
  return pipeline;
}

describe('which streams webhooks can keep current', () => {
  it('asks the systems the registry lists, not a system name of its own', () => {
    const acme = [{ system: 'acme-ledger', label: 'Acme', entities: ['invoices'] }];
    expect(webhookCanKeep(pipelineReading('acme-ledger', 'invoices'), 'gl_lines', acme)).toBe(true);
    expect(webhookCanKeep(pipelineReading('acme-ledger', 'payments'), 'gl_lines', acme)).toBe(false);
    expect(webhookCanKeep(pipelineReading('bamboohr', 'employees'), 'gl_lines', acme)).toBe(false);
    expect(webhookCanKeep(pipelineReading('acme-ledger', 'invoices'), 'no_such_stream', acme)).toBe(false);
    expect(webhookStreams(pipelineReading('acme-ledger', 'invoices'), acme)).toEqual(['gl_lines']);
    expect(webhookStreamKinds(acme)).toBe('Acme invoices');
  });

  it('takes BambooHR employees from the connector list, in the words messages use', () => {
    const systems = webhookSystems();
    expect(systems).toEqual([{ system: 'bamboohr', label: 'BambooHR', entities: ['employees'] }]);
    expect(webhookStreamKinds(systems)).toBe('BambooHR employees');
    expect(webhookStreams(pipelineReading('bamboohr', 'employees'), systems)).toEqual(['gl_lines']);
    expect(webhookStreams(pipelineReading('bamboohr', 'payroll'), systems)).toEqual([]);
  });
});
