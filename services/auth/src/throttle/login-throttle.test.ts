import { describe, expect, it } from 'vitest';
import { secondsUntilWindowCloses, tooManyAttempts } from './login-throttle.js';

describe('login throttle rules', () => {
  const start = new Date('2030-01-01T00:00:00Z');

  it('when 10 of 900 seconds have passed, then the client is told to retry in 890 seconds', () => {
    expect(secondsUntilWindowCloses(start, 900, new Date('2030-01-01T00:00:10Z'))).toBe(890);
  });

  it('when part of a second remains, then the wait is rounded up', () => {
    expect(secondsUntilWindowCloses(start, 900, new Date('2030-01-01T00:14:59.200Z'))).toBe(1);
  });

  it('when the window has already closed, then the wait is still at least one second', () => {
    expect(secondsUntilWindowCloses(start, 900, new Date('2030-01-01T01:00:00Z'))).toBe(1);
  });

  it('when an attempt is refused, then the error is rate_limited with a Retry-After header', () => {
    const error = tooManyAttempts(42);
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '42' });
  });
});
