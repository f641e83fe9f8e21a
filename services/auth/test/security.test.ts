import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  me,
  register,
  startAuth,
  uniqueEmail,
  type AuthHarness,
  type Registered,
} from './helpers.js';

let auth: AuthHarness;
let user: Registered;

beforeAll(async () => {
  auth = await startAuth('security', {
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3',
    LOGIN_MAX_FAILURES_PER_IP: '6',
    LOGIN_WINDOW_SECONDS: '600',
  });
  user = await register(auth.app);
});

afterAll(async () => {
  await auth?.close();
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claimsFor(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'souk-auth',
    aud: 'souk',
    sub: user.id,
    jti: randomUUID(),
    sid: randomUUID(),
    iat: now,
    exp: now + 600,
    roles: ['CLIENT', 'ADMIN'],
    ...overrides,
  };
}

/** Signs with the service's real private key, so only the attacked property is wrong. */
function signWithRealKey(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: auth.privateJwk.kid!, typ: 'JWT' })
    .sign(auth.signingKey);
}

describe('JWT attacks on /me', () => {
  it('when the real key signs a well-formed token, then /me accepts it (the attacks below differ in one thing)', async () => {
    expect((await me(auth.app, await signWithRealKey(claimsFor()))).statusCode).toBe(200);
  });

  it('when alg is none, then 401', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsFor())}.`;
    const response = await me(auth.app, token);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthorized');
  });

  it('when the token is HS256-signed with the public key as the secret, then 401', async () => {
    const publicKey = auth.app.inject({ method: 'GET', url: '/api/auth/.well-known/jwks.json' });
    const jwk = (await publicKey).json().keys[0];
    for (const secret of [JSON.stringify(jwk), jwk.x as string]) {
      const token = await new SignJWT(claimsFor())
        .setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'JWT' })
        .sign(new TextEncoder().encode(secret));
      expect((await me(auth.app, token)).statusCode).toBe(401);
    }
  });

  it('when the header embeds the attacker’s own jwk, then 401', async () => {
    const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const attackerJwk = await exportJWK(attacker.publicKey);
    for (const kid of [auth.privateJwk.kid!, undefined]) {
      const token = await new SignJWT(claimsFor())
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', jwk: attackerJwk, ...(kid ? { kid } : {}) })
        .sign(attacker.privateKey);
      expect((await me(auth.app, token)).statusCode).toBe(401);
    }
  });

  it('when the token has expired, then 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await me(
      auth.app,
      await signWithRealKey(claimsFor({ iat: now - 1200, exp: now - 300 })),
    );
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toMatch(/expired/);
  });

  it('when the payload is tampered with (roles raised) but the signature kept, then 401', async () => {
    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${b64({ ...claims, roles: ['CLIENT', 'ADMIN'] })}.${signature}`;
    expect((await me(auth.app, forged)).statusCode).toBe(401);
    const list = await auth.app.inject({
      method: 'GET',
      url: '/api/auth/users',
      headers: bearer(forged),
    });
    expect(list.statusCode).toBe(401);
  });

  it('when the audience or the issuer is someone else’s, then 401', async () => {
    expect(
      (await me(auth.app, await signWithRealKey(claimsFor({ aud: 'another-app' })))).statusCode,
    ).toBe(401);
    expect(
      (await me(auth.app, await signWithRealKey(claimsFor({ iss: 'evil-auth' })))).statusCode,
    ).toBe(401);
  });

  it('when the token is signed by a key of another deployment, then 401', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const token = await new SignJWT(claimsFor())
      .setProtectedHeader({ alg: 'EdDSA', kid: auth.privateJwk.kid!, typ: 'JWT' })
      .sign(other.privateKey);
    expect((await me(auth.app, token)).statusCode).toBe(401);
  });
});

describe('JWKS', () => {
  it('when the key set is fetched, then it lists the public Ed25519 key with kid, alg and use, cacheable for 5 minutes', async () => {
    const response = await auth.app.inject({
      method: 'GET',
      url: '/api/auth/.well-known/jwks.json',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.json()).toEqual({
      keys: [
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: auth.privateJwk.x,
          kid: auth.privateJwk.kid,
          alg: 'EdDSA',
          use: 'sig',
        },
      ],
    });
    expect(response.body).not.toContain(auth.privateJwk.d!);
  });
});

// The JWKS test above checks that the key set stays publicly cacheable.
describe('caching of replies', () => {
  it('when tokens, the profile, an account list or an error come back, then each says Cache-Control: no-store', async () => {
    const payload = {
      email: uniqueEmail('cache'),
      password: 'a decent passphrase',
      firstName: 'Nadia',
      lastName: 'Tazi',
    };
    const registered = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload,
    });
    const loggedIn = await auth.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: payload.email, password: payload.password },
    });
    const replies = {
      registered,
      loggedIn,
      refreshed: await auth.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: loggedIn.json().refreshToken },
      }),
      profile: await me(auth.app, loggedIn.json().accessToken),
      users: await auth.app.inject({
        method: 'GET',
        url: '/api/auth/users',
        headers: bearer(loggedIn.json().accessToken),
      }),
      wrongPassword: await auth.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: payload.email, password: 'not it' },
      }),
    };
    expect(
      Object.fromEntries(
        Object.entries(replies).map(([name, reply]) => [
          name,
          [reply.statusCode, reply.headers['cache-control']],
        ]),
      ),
    ).toEqual({
      registered: [201, 'no-store'],
      loggedIn: [200, 'no-store'],
      refreshed: [200, 'no-store'],
      profile: [200, 'no-store'],
      users: [403, 'no-store'],
      wrongPassword: [401, 'no-store'],
    });
  });
});

describe('signing key at start', () => {
  it('when AUTH_KEY_FILE is set and no file exists, then the key is created with mode 0600 and the same kid is served after a restart', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'souk-auth-app-key-'));
    try {
      const keyFile = path.join(directory, 'auth', 'signing-key.jwk.json');
      const jwksOf = async (env: Record<string, string>) => {
        const instance = await auth.buildAnother(env);
        return (
          await instance.inject({ method: 'GET', url: '/api/auth/.well-known/jwks.json' })
        ).json().keys[0].kid as string;
      };
      const firstKid = await jwksOf({ AUTH_PRIVATE_JWK: '', AUTH_KEY_FILE: keyFile });
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      expect(await jwksOf({ AUTH_PRIVATE_JWK: '', AUTH_KEY_FILE: keyFile })).toBe(firstKid);
      expect(firstKid).not.toBe(auth.privateJwk.kid);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('when AUTH_PRIVATE_JWK is given, then tokens are signed with it (its kid is published)', async () => {
    const jwks = (
      await auth.app.inject({ method: 'GET', url: '/api/auth/.well-known/jwks.json' })
    ).json();
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual([auth.privateJwk.kid]);
    const header = JSON.parse(Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: auth.privateJwk.kid, typ: 'JWT' });
  });

  it('when neither AUTH_KEY_FILE nor AUTH_PRIVATE_JWK is set, then start-up fails naming both', async () => {
    await expect(auth.buildAnother({ AUTH_PRIVATE_JWK: '' })).rejects.toThrow(
      /AUTH_KEY_FILE or AUTH_PRIVATE_JWK/,
    );
  });
});
