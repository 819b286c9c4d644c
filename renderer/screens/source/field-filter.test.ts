/** The field browser's search over names, descriptions and samples, nested fields kept under their parents. */
import { describe, expect, it } from 'vitest';
import type { EntityInfo } from '../../api/wire.ts';
import { visibleFields } from './field-filter.ts';

const VENDORS: EntityInfo = {
  entity: 'vendors',
  label: 'Vendors',
  key: ['VendorId'],
  fields: [
    { name: 'VendorId', type: 'string', samples: ['ACME0001', 'CONTOSO01'] },
    { name: 'Name', type: 'string', description: 'Legal name', samples: ['Acme Supplies'] },
    {
      name: 'Address',
      type: 'string',
      samples: [],
      fields: [
        { name: 'City', type: 'string', samples: ['Fargo'] },
        { name: 'Zip', type: 'string', samples: ['58102'] },
      ],
    },
    { name: 'Balance', type: 'decimal', samples: ['1250.00'] },
  ],
};

const paths = (search: string) => visibleFields(VENDORS, search).map((row) => `${row.depth}:${row.path}`);

describe('field search', () => {
  it('shows every field, nested ones indented under their parent, when nothing is typed', () => {
    expect(paths('')).toEqual(['0:VendorId', '0:Name', '0:Address', '1:Address.City', '1:Address.Zip', '0:Balance']);
  });

  it('matches names, descriptions and sample values, in any case', () => {
    expect(paths('vendorid')).toEqual(['0:VendorId']);
    expect(paths('LEGAL')).toEqual(['0:Name']);
    expect(paths('1250')).toEqual(['0:Balance']);
  });

  it('keeps the parent of a nested match in view', () => {
    expect(paths('fargo')).toEqual(['0:Address', '1:Address.City']);
  });

  it('shows all fields of an entity whose name matches, and none when nothing matches', () => {
    expect(paths('vendors')).toHaveLength(6);
    expect(paths('no such thing')).toEqual([]);
  });
});
