import { describe, expect, it } from 'vitest';
import { PlainDate } from './date.ts';
import { ValueFormatError } from './errors.ts';
import { Timestamp } from './timestamp.ts';

const micros = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('Timestamp.parse', () => {
  it('reads Z and ±hh:mm offsets, keeping the offset', () => {
    const t = Timestamp.parse('2024-03-01T09:30:00.123-06:00');
    expect(t.offsetMinutes).toBe(-360);
    expect(t.epochMicros).toBe(micros('2024-03-01T15:30:00.123Z'));
    expect(t.toString()).toBe('2024-03-01T09:30:00.123-06:00');
    expect(Timestamp.parse('2024-03-01T09:30:00Z').toString()).toBe('2024-03-01T09:30:00Z');
    expect(Timestamp.parse('2024-03-01 09:30+05:30').toString()).toBe('2024-03-01T09:30:00+05:30');
  });

  it('keeps microseconds and accepts extra digits only when they are zeros', () => {
    expect(Timestamp.parse('2024-03-01T09:30:00.123456Z').toString()).toBe('2024-03-01T09:30:00.123456Z');
    expect(Timestamp.parse('2024-03-01T09:30:00.1234560Z').toString()).toBe('2024-03-01T09:30:00.123456Z');
    expect(() => Timestamp.parse('2024-03-01T09:30:00.1234567Z')).toThrow(/more precise than a microsecond/);
    expect(Timestamp.parse('2024-03-01T09:30:00.000Z').toString()).toBe('2024-03-01T09:30:00Z');
  });

  it('refuses text without an offset unless a zone is given', () => {
    expect(() => Timestamp.parse('2024-03-01T09:30:00')).toThrow(expect.objectContaining({ code: 'MISSING_OFFSET' }));
    expect(() => Timestamp.parse('2024-03-01T09:30:00')).toThrow(/has no time zone/);
    expect(Timestamp.parse('2024-03-01T09:30:00', '+02:00').toString()).toBe('2024-03-01T09:30:00+02:00');
    expect(Timestamp.parse('2024-03-01T09:30:00', 'UTC').toString()).toBe('2024-03-01T09:30:00Z');
  });

  it('resolves IANA zones with daylight saving', () => {
    expect(Timestamp.parse('2024-01-15T09:30:00', 'America/Chicago').toString()).toBe('2024-01-15T09:30:00-06:00');
    expect(Timestamp.parse('2024-07-15T09:30:00', 'America/Chicago').toString()).toBe('2024-07-15T09:30:00-05:00');
    // 02:30 on 2024-03-10 does not exist in Chicago: it moves forward to 03:30 CDT.
    expect(Timestamp.parse('2024-03-10T02:30:00', 'America/Chicago').toString()).toBe('2024-03-10T03:30:00-05:00');
    // 01:30 on 2024-11-03 happens twice: the first (CDT) is taken.
    expect(Timestamp.parse('2024-11-03T01:30:00', 'America/Chicago').toString()).toBe('2024-11-03T01:30:00-05:00');
    expect(Timestamp.parse('2024-06-01T12:00:00', 'Asia/Kolkata').offsetMinutes).toBe(330);
  });

  it('refuses unknown zones with UNKNOWN_ZONE', () => {
    expect(() => Timestamp.parse('2024-03-01T09:30:00', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ZONE' }),
    );
    expect(() => Timestamp.parse('2024-03-01T09:30:00', '+25:00')).toThrow(ValueFormatError);
  });

  it.each([
    '',
    '2024-03-01',
    '2024-03-01T24:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-03-01T09:30:00+0200',
    '2024-03-01T09:60Z',
    ' 2024-03-01T09:30Z',
    '2024-03-01T09:30:00+19:00',
  ])('refuses %j and quotes it', (text) => {
    expect(() => Timestamp.parse(text)).toThrow(JSON.stringify(text));
    expect(Timestamp.tryParse(text)).toBeUndefined();
  });
});

describe('Timestamp', () => {
  it('fromEpochMillis and toEpochMillis', () => {
    const t = Timestamp.fromEpochMillis(Date.parse('2024-03-01T15:30:00.5Z'), -360);
    expect(t.toString()).toBe('2024-03-01T09:30:00.500-06:00');
    expect(t.toEpochMillis()).toBe(Date.parse('2024-03-01T15:30:00.5Z'));
    expect(Timestamp.of(-1n).toEpochMillis()).toBe(-1);
    expect(() => Timestamp.fromEpochMillis(1.5)).toThrow(ValueFormatError);
    expect(() => Timestamp.of(0n, 19 * 60)).toThrow(ValueFormatError);
  });

  it('toDate gives the local date in its own offset', () => {
    expect(Timestamp.parse('2024-03-01T23:30:00-06:00').toDate().toString()).toBe('2024-03-01');
    expect(Timestamp.parse('2024-03-02T05:30:00Z').inZone('-06:00').toDate().toString()).toBe('2024-03-01');
    expect(
      Timestamp.parse('1969-12-31T23:59:59.999999Z')
        .toDate()
        .equals(PlainDate.of(1969, 12, 31)),
    ).toBe(true);
  });

  it('inZone keeps the instant and changes the offset', () => {
    const utc = Timestamp.parse('2024-07-01T12:00:00Z');
    const chicago = utc.inZone('America/Chicago');
    expect(chicago.toString()).toBe('2024-07-01T07:00:00-05:00');
    expect(chicago.equals(utc)).toBe(true);
    expect(utc.inZone('+00:00')).toBe(utc);
  });

  it('compares instants, not written forms', () => {
    const a = Timestamp.parse('2024-03-01T09:00:00-06:00');
    const b = Timestamp.parse('2024-03-01T15:00:00Z');
    const c = Timestamp.parse('2024-03-01T15:00:00.000001Z');
    expect(a.equals(b)).toBe(true);
    expect(a.compare(b)).toBe(0);
    expect(b.compare(c)).toBe(-1);
    expect(c.compare(a)).toBe(1);
  });

  it('writes negative epochs correctly', () => {
    expect(Timestamp.parse('1960-06-15T08:05:03.000007+01:00').toString()).toBe('1960-06-15T08:05:03.000007+01:00');
    expect(Timestamp.fromLocal(PlainDate.of(2024, 1, 1), 0n, 'Europe/Berlin').toString()).toBe(
      '2024-01-01T00:00:00+01:00',
    );
  });
});
