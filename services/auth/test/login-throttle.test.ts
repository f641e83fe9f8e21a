import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bearer,
  login,
  register,
  startAuth,
  uniqueEmail,
  type AuthHarness,
  type Registered,
} from './helpers.js';

// Issue 8, item 7: a stranger's failures slow an account down but never keep its owner out.
const LIMITS = {
  LOGIN_MAX_FAILURES_PER_IP: '6',
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3',
  LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY: '3',
  LOGIN_MAX_DELAY_MS: '1000',
  LOGIN_WINDOW_SECONDS: '600',
};

/**
 * Stands in for the throttle's sleep: records each delay and returns at once, or, while `hold`
 * is set, keeps the callers waiting until `release()`.
 */
function recordingSleep() {
  const delays: number[] = [];
  let waiting: Array<() => void> = [];
  let hold = false;
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
      if (hold) await new Promise<void>((resolve) => waiting.push(resolve));
    },
    get waitingCount() {
      return waiting.length;
    },
    holdNext: () => void (hold = true),
    release: () => {
      hold = false;
      for (const resolve of waiting) resolve();
      waiting = [];
    },
  };
}

const sleeper = recordingSleep();
let auth: AuthHarness;

beforeAll(async () => {
  auth = await startAuth('throttle', LIMITS, { sleep: sleeper.sleep });
});

beforeEach(() => {
  sleeper.delays.length = 0;
});

afterAll(async () => {
  sleeper.release();
  await auth?.close();
});

// Addresses from the benchmarking range, each used once in this file, so tests never share a budget.
let addressesUsed = 0;
const freshIp = () => {
  addressesUsed += 1;
  return `198.18.${Math.floor(addressesUsed / 250)}.${(addressesUsed % 250) + 1}`;
};

const statuses = (responses: Array<{ statusCode: number }>) =>
  responses.map((response) => response.statusCode).sort();

async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a stranger cannot lock the owner out', () => {
  it('when a stranger fails 50 times from other addresses, then the owner logs in from theirs, after a wait of at most the cap', async () => {
    const owner = await register(auth.app);
    let strangerIp = freshIp();
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (attempt % 3 === 0) strangerIp = freshIp();
      expect(
        (await login(auth.app, owner.email, `guess number ${attempt}`, strangerIp)).statusCode,
      ).toBe(401);
    }
    sleeper.delays.length = 0;
    expect((await login(auth.app, owner.email, owner.password, freshIp())).statusCode).toBe(200);
    expect(sleeper.delays).toEqual([1000]);
  }, 120_000);

  it('when one address has failed 3 times on an account, then that pair gets 429 with Retry-After, right password or not, while the owner elsewhere gets in', async () => {
    const owner = await register(auth.app);
    const strangerIp = freshIp();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await login(auth.app, owner.email, 'wrong password', strangerIp)).statusCode).toBe(
        401,
      );
    }
    for (const password of ['wrong password', owner.password]) {
      const refused = await login(auth.app, owner.email.toUpperCase(), password, strangerIp);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    }
    expect((await login(auth.app, owner.email, owner.password, freshIp())).statusCode).toBe(200);
    // The stranger's address still works for other accounts: only the pair is refused.
    expect(
      (await login(auth.app, uniqueEmail('other'), 'wrong password', strangerIp)).statusCode,
    ).toBe(401);
  });

  it('when the owner mistypes twice and then succeeds, then their own failures are forgotten for that address', async () => {
    const owner = await register(auth.app);
    const ownerIp = freshIp();
    for (let attempt = 0; attempt < 2; attempt += 1)
      await login(auth.app, owner.email, 'typo', ownerIp);
    expect((await login(auth.app, owner.email, owner.password, ownerIp)).statusCode).toBe(200);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await login(auth.app, owner.email, 'typo', ownerIp)).statusCode).toBe(401);
    }
    expect((await login(auth.app, owner.email, owner.password, ownerIp)).statusCode).toBe(429);
  });
});

describe('per-address limit counts failures only', () => {
  it('when one address logs in successfully 100 times, then none is throttled', async () => {
    const person = await register(auth.app);
    const ip = freshIp();
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const response = await login(auth.app, person.email, person.password, ip);
      if (response.statusCode !== 200)
        throw new Error(`login ${attempt + 1} answered ${response.statusCode}`);
    }
    expect(sleeper.delays).toEqual([]);
  }, 180_000);

  it('when one address has failed 6 times on different accounts, then its 7th attempt is 429 for any account, while other addresses go on', async () => {
    const person = await register(auth.app);
    const ip = freshIp();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect((await login(auth.app, uniqueEmail('spray'), 'guess number one', ip)).statusCode).toBe(
        401,
      );
    }
    const refused = await login(auth.app, person.email, person.password, ip);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(auth.app, person.email, person.password, freshIp())).statusCode).toBe(200);
  });

  it('when 20 wrong guesses on different accounts arrive at once from one address, then only 6 are checked', async () => {
    const ip = freshIp();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => login(auth.app, uniqueEmail('burst'), 'guess', ip)),
    );
    expect(statuses(responses)).toEqual([...Array(6).fill(401), ...Array(14).fill(429)]);
  }, 60_000);

  it('when 20 wrong guesses on one account arrive at once from one address, then only 3 are checked', async () => {
    const person = await register(auth.app);
    const ip = freshIp();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => login(auth.app, person.email, 'guess', ip)),
    );
    expect(statuses(responses)).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);
  }, 60_000);
});

describe('progressive delay per account', () => {
  it('when failures pile up on an account from many addresses, then each attempt waits twice as long as the last, up to the cap', async () => {
    const email = uniqueEmail('delayed');
    for (let attempt = 0; attempt < 8; attempt += 1) {
      expect((await login(auth.app, email, 'guess', freshIp())).statusCode).toBe(401);
    }
    // Attempts 1 to 3 come before the threshold; then 250, 500, then the 1000 ms cap.
    expect(sleeper.delays).toEqual([250, 500, 1000, 1000, 1000]);
  });

  it('when the account is being delayed, then the right password waits exactly as long as a wrong one', async () => {
    const owner = await register(auth.app);
    for (let attempt = 0; attempt < 3; attempt += 1)
      await login(auth.app, owner.email, 'guess', freshIp());
    expect((await login(auth.app, owner.email, 'guess', freshIp())).statusCode).toBe(401);
    expect((await login(auth.app, owner.email, owner.password, freshIp())).statusCode).toBe(200);
    expect((await login(auth.app, owner.email, 'guess', freshIp())).statusCode).toBe(401);
    // 250 ms after 3 failures, 500 ms after 4 for the right password; the success is then taken
    // back, so the next wrong guess, also after 4 failures, waits the same 500 ms.
    expect(sleeper.delays).toEqual([250, 500, 500]);
  });

  it('while attempts wait out their delay, then they hold no database connection and others are answered', async () => {
    const email = uniqueEmail('held');
    for (let attempt = 0; attempt < 3; attempt += 1)
      await login(auth.app, email, 'guess', freshIp());
    sleeper.holdNext();
    // Twice the pool size (4): if a waiting attempt kept its connection, nothing else could run.
    const waiting = Promise.all(
      Array.from({ length: 8 }, () => login(auth.app, email, 'guess', freshIp())),
    );
    try {
      await within(
        20_000,
        (async () => {
          while (sleeper.waitingCount < 8) await new Promise((resolve) => setTimeout(resolve, 20));
        })(),
        'eight attempts reaching their delay',
      );
      const other = await register(auth.app);
      const answered = await within(
        10_000,
        login(auth.app, other.email, other.password, freshIp()),
        'a login while others wait',
      );
      expect(answered.statusCode).toBe(200);
    } finally {
      sleeper.release();
    }
    expect(statuses(await waiting)).toEqual(Array(8).fill(401));
  }, 60_000);

  it('when the service really sleeps, then a delayed attempt takes at least its delay', async () => {
    // buildAnother uses the real sleep; every attempt on an account is delayed from the first one.
    const sleeping = await auth.buildAnother({
      LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY: '0',
      LOGIN_MAX_DELAY_MS: '400',
    });
    const started = performance.now();
    expect((await login(sleeping, uniqueEmail('slow'), 'guess', freshIp())).statusCode).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
  });
});

describe('shared and other password checks', () => {
  it('when several instances share the database, then they share the counters', async () => {
    const second = await auth.buildAnother();
    const person = await register(auth.app);
    const ip = freshIp();
    await login(auth.app, person.email, 'wrong password', ip);
    await login(second, person.email, 'wrong password', ip);
    await login(auth.app, person.email, 'wrong password', ip);
    expect((await login(second, person.email, person.password, ip)).statusCode).toBe(429);
  });

  it('when wrong current passwords are sent to the password change, then they count toward that address’s limit on the account', async () => {
    const person: Registered = await register(auth.app);
    const ip = freshIp();
    const change = () =>
      auth.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(person.accessToken),
        remoteAddress: ip,
        payload: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
      });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await change()).statusCode).toBe(401);
    expect((await change()).statusCode).toBe(429);
    expect((await login(auth.app, person.email, person.password, ip)).statusCode).toBe(429);
    expect((await login(auth.app, person.email, person.password, freshIp())).statusCode).toBe(200);
  });
});
