/** The pipeline file's path rule knows every address part the connectors read as a file on this machine. */
import { describe, expect, it } from 'vitest';
import { fileAddressParts, installSystemRules } from '../engine/model/index.ts';
import { systemCatalog, systemRules } from './registry.ts';

describe('address parts that name files', () => {
  it('are, for every system, the parts its connector describes as paths', async () => {
    installSystemRules(systemRules());
    for (const system of await systemCatalog()) {
      const paths = system.addressParts.filter((part) => part.kind === 'path').map((part) => part.name);
      expect({ system: system.system, paths: fileAddressParts(system.system) }).toEqual({
        system: system.system,
        paths,
      });
    }
  });
});
