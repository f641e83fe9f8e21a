import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { isDate, isDateTime, isEmail, isUuid, registerStandardFormats } from './formats.js';

describe('string formats', () => {
  it('when an id is canonical 8-4-4-4-12 hex, in either case, then it is a uuid; look-alikes are not', () => {
    const id = randomUUID();
    expect(isUuid(id)).toBe(true);
    expect(isUuid(id.toUpperCase())).toBe(true);
    for (const odd of [
      `urn:uuid:${id}`,
      `{${id}}`,
      id.replace(/-/g, ''),
      `${id}0`,
      ` ${id}`,
      '',
      'not-a-uuid',
      `${id.slice(0, 35)}g`,
    ]) {
      expect(isUuid(odd), odd).toBe(false);
    }
  });

  it('when a timestamp is RFC 3339 with Z or ±HH:MM, then it is a date-time', () => {
    for (const good of [
      '2026-03-01T10:00:00Z',
      '2026-03-01T10:00:00.123456789Z',
      '2024-02-29T23:59:59+05:30',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59-23:59',
      new Date().toISOString(),
    ]) {
      expect(isDateTime(good), good).toBe(true);
    }
  });

  it('when a timestamp has a leap second, a short offset, an impossible day or an out-of-range year, then it is refused', () => {
    for (const bad of [
      '2016-12-31T23:59:60Z',
      '2026-03-01T10:00:00+05',
      '2026-03-01T10:00:00+0500',
      '2026-03-01T10:00:00+24:00',
      '2026-03-01T10:00:00',
      '2026-03-01 10:00:00Z',
      '2026-02-30T10:00:00Z',
      '2023-02-29T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-03-01T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '99999-01-01T00:00:00Z',
      '+002026-03-01T10:00:00Z',
      '2026-03-01T10:00:00.1234567890Z',
    ]) {
      expect(isDateTime(bad), bad).toBe(false);
    }
  });

  it('when a date is a real calendar day between years 1 and 9999, then it is a date', () => {
    expect(isDate('2024-02-29')).toBe(true);
    for (const bad of [
      '2023-02-29',
      '2026-04-31',
      '0000-01-01',
      '2026-1-01',
      '99999-01-01',
      '2026-01-01T00:00:00Z',
    ])
      expect(isDate(bad), bad).toBe(false);
  });

  it('when an address has one @ and a dotted domain, then it is an email', () => {
    expect(isEmail('salma@example.ma')).toBe(true);
    for (const bad of ['nope', 'a@b', 'a b@c.ma', `${'a'.repeat(250)}@b.ma`])
      expect(isEmail(bad), bad).toBe(false);
  });

  it('when TypeBox checks an event payload, then it uses the same formats', () => {
    registerStandardFormats();
    const Payload = Type.Object({
      id: Type.String({ format: 'uuid' }),
      at: Type.String({ format: 'date-time' }),
      email: Type.String({ format: 'email' }),
    });
    const good = { id: randomUUID(), at: new Date().toISOString(), email: 'a@b.ma' };
    expect(Value.Check(Payload, good)).toBe(true);
    expect(Value.Check(Payload, { ...good, id: `urn:uuid:${good.id}` })).toBe(false);
    expect(Value.Check(Payload, { ...good, at: '2016-12-31T23:59:60Z' })).toBe(false);
    expect(Value.Check(Payload, { ...good, email: 'nope' })).toBe(false);
  });
});
