import { describe, expect, it } from 'vitest';
import { describeGatewayConfig, parseGatewayAddress, servicePath } from './config.ts';

const WHERE = 'connections.ecc.address.gateway.vendors';

describe('the Gateway setting of a stream', () => {
  it('reads SERVICE/EntitySet with the date property and field mappings', () => {
    const config = parseGatewayAddress('ZVENDOR_SRV/VendorSet;date=CreatedOn;LIFNR=VendorId', WHERE);
    expect(config).toEqual({
      service: 'ZVENDOR_SRV',
      entitySet: 'VendorSet',
      fieldMap: { LIFNR: 'VendorId' },
      dateFilterProperty: 'CreatedOn',
    });
    expect(servicePath(config)).toBe('/sap/opu/odata/sap/ZVENDOR_SRV');
    expect(describeGatewayConfig(config)).toBe('ZVENDOR_SRV/VendorSet (incremental on CreatedOn; LIFNR=VendorId)');
  });

  it('takes a namespaced service and a version suffix', () => {
    expect(parseGatewayAddress('/ACME/VENDOR_SRV;v=2/VendorSet', WHERE)).toMatchObject({
      service: '/ACME/VENDOR_SRV;v=2',
      entitySet: 'VendorSet',
    });
    expect(servicePath(parseGatewayAddress('/ACME/VENDOR_SRV/VendorSet', WHERE))).toBe(
      '/sap/opu/odata/ACME/VENDOR_SRV',
    );
  });

  it.each([
    ['VendorSet', 'names no service and entity set'],
    ['ZVENDOR_SRV/', 'names no service and entity set'],
    ['zvendor srv/VendorSet', 'is not an SAP Gateway service name'],
    ['ZVENDOR_SRV/Vendor Set', 'is not an entity set name'],
    ['ZVENDOR_SRV/VendorSet;LIFNR', 'is not NAME=Property'],
    ['ZVENDOR_SRV/VendorSet;LIFNR=A;LIFNR=B', 'mapped twice'],
  ])('refuses %s with the setting path and an example', (text, why) => {
    expect(() => parseGatewayAddress(text, WHERE)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_CONNECTION',
        message: expect.stringMatching(new RegExp(`^${WHERE.replace(/\./g, '\\.')}: .*${why}.*ZVENDOR_SRV/VendorSet`)),
      }),
    );
  });
});
