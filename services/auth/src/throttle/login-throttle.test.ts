import { describe, expect, it } from 'vitest';
import { delayAfterFailures, secondsUntilWindowCloses, tooManyAttempts } from './login-throttle.js';

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

  it('when an account has fewer failures than the threshold, then there is no delay', () => {
    const limits = { accountFailuresBeforeDelay: 5, maxDelayMs: 5000 };
    expect([0, 1, 4].map((failures) => delayAfterFailures(failures, limits))).toEqual([0, 0, 0]);
  });

  it('when failures pass the threshold, then the delay doubles from 250 ms with each one and stops at the cap', () => {
    const limits = { accountFailuresBeforeDelay: 5, maxDelayMs: 5000 };
    expect(
      [5, 6, 7, 8, 9, 10, 11, 1_000_000].map((failures) => delayAfterFailures(failures, limits)),
    ).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('when the threshold is 0, then the first attempt after any failure is delayed', () => {
    expect(delayAfterFailures(0, { accountFailuresBeforeDelay: 0, maxDelayMs: 1000 })).toBe(250);
  });
});
