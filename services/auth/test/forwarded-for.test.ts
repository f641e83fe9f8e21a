import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIp, startAuth, uniqueEmail, type AuthHarness } from './helpers.js';

// Issue 8, item 5: 31 logins sent straight to the auth service from a private address, each with a
// new X-Forwarded-For, were never throttled. Only TRUSTED_PROXIES (default loopback: the gateway
// beside it) may say who the client is; anyone else is counted by the address it connects from.

const LIMIT = 5;
let auth: AuthHarness;

beforeAll(async () => {
  auth = await startAuth('forwarded_for', {
    LOGIN_MAX_FAILURES_PER_IP: String(LIMIT),
    LOGIN_WINDOW_SECONDS: '600',
  });
});
afterAll(async () => {
  await auth?.close();
});

/** A wrong password for a new account each time, so only the per-IP limit can be reached. */
const guess = (remoteAddress: string, forwardedFor: string) =>
  auth.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email: uniqueEmail('spray'), password: 'guess number one' },
  });

describe('client address behind X-Forwarded-For', () => {
  it('when a caller that is not a trusted proxy rotates X-Forwarded-For, then its attempts are counted as one client and throttled', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= LIMIT; attempt += 1)
      statuses.push((await guess('10.9.8.7', randomIp())).statusCode);

    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    // Another direct caller has its own count.
    expect((await guess('10.9.8.8', randomIp())).statusCode).toBe(401);
  });

  it('when the trusted proxy forwards, then the forwarded address is the one counted', async () => {
    const client = randomIp();
    for (let attempt = 0; attempt < LIMIT; attempt += 1)
      expect((await guess('127.0.0.1', client)).statusCode).toBe(401);

    expect((await guess('127.0.0.1', client)).statusCode).toBe(429);
    // The proxy itself is not throttled for its client's failures: the next client goes on.
    expect((await guess('127.0.0.1', randomIp())).statusCode).toBe(401);
  });
});
