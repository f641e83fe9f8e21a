import {
  createLocalJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { AppError } from '../errors.js';
import type { Revocations } from './revocations.js';

export type Role = 'CLIENT' | 'ADMIN';
export const ROLES: readonly Role[] = ['CLIENT', 'ADMIN'];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: string;
  roles: Role[];
  isAdmin: boolean;
  tokenId: string;
  /** The login session the token belongs to (`sid`): logging out revokes it. */
  sessionId: string;
  /** The account's token version when the token was signed (`ver`, 0 when absent). */
  tokenVersion: number;
  /** When the token expires: a stream opened with it ends then. */
  expiresAt: Date;
  /** The raw bearer token, forwarded when a service calls another on the caller's behalf. */
  token: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** Loads the auth service's JSON Web Key Set (via discovery, or a fixed set in tests). */
  loadKeySet: () => Promise<JSONWebKeySet>;
  issuer: string;
  audience: string;
  /** Least time between two reloads of the key set when an unknown key id shows up. */
  reloadCooldownMs?: number;
  /**
   * Revoked sessions and token versions; tokens they name are refused. Every service and the
   * gateway pass one (tests that sign their own tokens may leave it out).
   */
  revocations?: Revocations;
}

/** Only these algorithms are ever accepted: `none`, HS256 and friends are refused outright. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'ES256'];

/**
 * Verifies access tokens against the auth service's JWKS, cached in memory. A token signed with a
 * key id we do not know triggers one reload (at most once per cooldown), so key rotation works
 * without restarts and a flood of forged key ids cannot hammer the auth service.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const cooldown = options.reloadCooldownMs ?? 30_000;
  let keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  let loading: Promise<void> | undefined;
  let loadedAt = 0;

  async function reload(): Promise<void> {
    loading ??= options
      .loadKeySet()
      .then((jwks) => {
        keySet = createLocalJWKSet(jwks);
        loadedAt = Date.now();
      })
      .finally(() => {
        loading = undefined;
      });
    await loading;
  }

  async function verifyWithCurrentKeys(token: string): Promise<JWTPayload> {
    if (!keySet) await reload();
    await options.revocations?.ready();
    const { payload } = await jwtVerify(token, keySet!, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ACCEPTED_ALGORITHMS,
      requiredClaims: ['sub', 'jti', 'exp', 'iat', 'sid'],
    });
    return payload;
  }

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        try {
          payload = await verifyWithCurrentKeys(token);
        } catch (error) {
          if (!(error instanceof joseErrors.JWKSNoMatchingKey) || Date.now() - loadedAt < cooldown)
            throw error;
          await reload();
          payload = await verifyWithCurrentKeys(token);
        }
      } catch (error) {
        if (error instanceof joseErrors.JOSEError)
          throw new AppError('unauthorized', describeJoseError(error));
        throw new AppError('unavailable', 'Cannot verify tokens right now', { cause: error });
      }
      const roles = parseRoles(payload.roles);
      const principal: Principal = {
        userId: payload.sub!,
        roles,
        isAdmin: roles.includes('ADMIN'),
        tokenId: payload.jti!,
        sessionId: stringClaim(payload.sid, 'sid'),
        tokenVersion: versionClaim(payload.ver),
        expiresAt: new Date(payload.exp! * 1000),
        token,
      };
      if (options.revocations?.isRevoked(principal))
        throw new AppError('unauthorized', 'The access token has been revoked');
      return principal;
    },
  };
}

function parseRoles(claim: unknown): Role[] {
  if (!Array.isArray(claim)) throw new AppError('unauthorized', 'The token carries no roles');
  return claim.filter((role): role is Role => ROLES.includes(role as Role));
}

function stringClaim(claim: unknown, name: string): string {
  if (typeof claim !== 'string' || claim === '')
    throw new AppError('unauthorized', `The token's ${name} claim is invalid`);
  return claim;
}

function versionClaim(claim: unknown): number {
  if (claim === undefined) return 0;
  if (!Number.isSafeInteger(claim) || (claim as number) < 0)
    throw new AppError('unauthorized', "The token's ver claim is invalid");
  return claim as number;
}

function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'The access token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The access token is not valid here (${error.claim})`;
  return 'The access token is invalid';
}

/** Reads `Authorization: Bearer <token>`; anything else is treated as no token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/.exec(header.trim());
  return match?.[1];
}
