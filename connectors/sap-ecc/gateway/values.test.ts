import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp } from '../../../engine/model/values/index.ts';
import { JsonNumber } from '../../kit/json-exact.ts';
import { edmTimeAsSapTime, gatewayConversion } from './values.ts';

const read = (type: Parameters<typeof gatewayConversion>[0], raw: unknown, zone?: string) =>
  gatewayConversion(type, zone)(raw as never, {});

describe("Gateway's JSON values as the stream's types", () => {
  it('reads an Edm.DateTime midnight as a date and refuses one with a time of day', () => {
    expect(read('date', '/Date(1356998400000)/')).toEqual({ value: PlainDate.parse('2013-01-01') });
    expect(read('date', '/Date(1356998400001)/')).toEqual({ problem: expect.stringContaining('time of day') });
    expect(read('date', '2013-01-01')).toEqual({ problem: expect.stringContaining('not an OData date') });
    expect(read('date', '20130101')).toEqual({ value: PlainDate.parse('2013-01-01') });
    expect(read('date', '00000000')).toEqual({ value: null });
    expect(read('date', '20130231')).toEqual({ problem: expect.stringContaining('not a date') });
    expect(read('date', null)).toEqual({ value: null });
  });

  it('reads a zone-less Edm.DateTime in the system zone and a DateTimeOffset as its instant', () => {
    const local = read('timestamp', '/Date(1356998400000)/', 'Europe/Berlin') as { value: Timestamp };
    expect(local.value.equals(Timestamp.parse('2013-01-01T00:00:00+01:00'))).toBe(true);
    const offset = read('timestamp', '/Date(1356998400000+0000)/', 'Europe/Berlin') as { value: Timestamp };
    expect(offset.value.equals(Timestamp.parse('2013-01-01T00:00:00Z'))).toBe(true);
  });

  it('reads decimals exactly from strings, integers from numbers or strings, SAP flags as booleans', () => {
    expect((read('decimal', '12345678901234567.89') as { value: Decimal }).value.toString()).toBe(
      '12345678901234567.89',
    );
    expect(read('integer', new JsonNumber('42'))).toEqual({ value: 42 });
    expect(read('integer', '9007199254740993')).toEqual({ problem: expect.stringContaining('not a whole number') });
    expect(read('boolean', 'X')).toEqual({ value: true });
    expect(read('boolean', '')).toEqual({ value: false });
    expect(read('boolean', 'Y')).toEqual({ problem: expect.stringContaining('SAP flag') });
  });

  it("gives an Edm.Time as SAP's HHMMSS", () => {
    expect(edmTimeAsSapTime('PT12H30M00S')).toBe('123000');
    expect(read('string', 'PT1H2M3S')).toEqual({ value: '010203' });
    expect(read('string', 'Plain text')).toEqual({ value: 'Plain text' });
  });
});
