import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { registerStandardFormats } from './formats.js';

describe('event payload formats', () => {
  it('accepts real uuids, timestamps and emails and refuses look-alikes', () => {
    registerStandardFormats();
    const Payload = Type.Object({
      id: Type.String({ format: 'uuid' }),
      at: Type.String({ format: 'date-time' }),
      email: Type.String({ format: 'email' }),
    });
    expect(Value.Check(Payload, { id: randomUUID(), at: new Date().toISOString(), email: 'a@b.ma' })).toBe(true);
    expect(Value.Check(Payload, { id: 'not-a-uuid', at: new Date().toISOString(), email: 'a@b.ma' })).toBe(false);
    expect(Value.Check(Payload, { id: randomUUID(), at: '2026-13-45T99:00:00Z', email: 'a@b.ma' })).toBe(false);
    expect(Value.Check(Payload, { id: randomUUID(), at: new Date().toISOString(), email: 'nope' })).toBe(false);
  });
});
