import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../errors.js';
import type { PlatformTables } from './platform-tables.js';

export interface IdempotentRequest {
  /** What is being created, e.g. `orders.create`. */
  scope: string;
  /** Keys are per caller: two clients may pick the same key. */
  ownerId: string;
  /** The Idempotency-Key header; undefined gives a 400. */
  key: string | undefined;
  /** The request body, fingerprinted so a reused key with another body is refused. */
  body: unknown;
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Runs `work` at most once per (scope, owner, key). The key row is inserted in the same
 * transaction as the work, so a crash leaves neither, and a concurrent request with the same key
 * waits on the row lock and then replays the stored response. A different body under the same
 * key is a 422; a missing or malformed key a 400. Failed work stores nothing: the client may retry.
 */
export async function runIdempotent<T>(
  db: Kysely<any>,
  request: IdempotentRequest,
  work: (trx: Transaction<any>) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const key = requireIdempotencyKey(request.key);
  const requestHash = fingerprint(request.body);
  const typed = db as Kysely<PlatformTables>;

  const earlier = await findStored<T>(typed, request.scope, request.ownerId, key, requestHash);
  if (earlier) return earlier;

  return typed.transaction().execute(async (trx) => {
    await sql`SET LOCAL lock_timeout = '10s'`.execute(trx);
    let inserted;
    try {
      inserted = await trx
        .insertInto('idempotency_keys')
        .values({
          scope: request.scope,
          owner_id: request.ownerId,
          key,
          request_hash: requestHash,
          response_status: 0,
          response_body: JSON.stringify(null),
        })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') {
        throw new AppError(
          'conflict',
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      }
      throw error;
    }
    if (!inserted) {
      const stored = await findStored<T>(trx, request.scope, request.ownerId, key, requestHash);
      if (!stored)
        throw new AppError(
          'conflict',
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      return stored;
    }
    const result = await work(trx);
    await trx
      .updateTable('idempotency_keys')
      .set({ response_status: result.status, response_body: JSON.stringify(result.body) })
      .where('scope', '=', request.scope)
      .where('owner_id', '=', request.ownerId)
      .where('key', '=', key)
      .execute();
    return { ...result, replayed: false };
  });
}

export type IdempotencyClaim<T> =
  | { outcome: 'claimed'; key: string }
  | { outcome: 'replay'; status: number; body: T }
  | { outcome: 'in_progress' };

/**
 * Two-phase form for work with an outside side effect (a card charge) that cannot share the
 * database transaction: claim the key (committed at once), do the work, then complete it with the
 * response. A crash in between leaves the key in progress (`409` to retries) until the owner's
 * recovery completes it with `completeIdempotencyKey`, so the side effect is never repeated.
 */
export async function claimIdempotencyKey<T>(
  db: Kysely<any>,
  request: IdempotentRequest,
): Promise<IdempotencyClaim<T>> {
  const key = requireIdempotencyKey(request.key);
  const requestHash = fingerprint(request.body);
  const typed = db as Kysely<PlatformTables>;
  const inserted = await typed
    .insertInto('idempotency_keys')
    .values({
      scope: request.scope,
      owner_id: request.ownerId,
      key,
      request_hash: requestHash,
      response_status: 0,
      response_body: JSON.stringify(null),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { outcome: 'claimed', key };
  const row = await typed
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('scope', '=', request.scope)
    .where('owner_id', '=', request.ownerId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  if (row.response_status === 0) return { outcome: 'in_progress' };
  return { outcome: 'replay', status: row.response_status, body: row.response_body as T };
}

/** Stores the response of a claimed key, normally in the transaction that records the outcome. */
export async function completeIdempotencyKey(
  db: Kysely<any> | Transaction<any>,
  claim: { scope: string; ownerId: string; key: string },
  response: { status: number; body: unknown },
): Promise<void> {
  await (db as Kysely<PlatformTables>)
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: JSON.stringify(response.body) })
    .where('scope', '=', claim.scope)
    .where('owner_id', '=', claim.ownerId)
    .where('key', '=', claim.key)
    .execute();
}

/** Gives a claimed key back when the work failed before any side effect, so a retry may run it. */
export async function releaseIdempotencyKey(
  db: Kysely<any>,
  claim: { scope: string; ownerId: string; key: string },
): Promise<void> {
  await (db as Kysely<PlatformTables>)
    .deleteFrom('idempotency_keys')
    .where('scope', '=', claim.scope)
    .where('owner_id', '=', claim.ownerId)
    .where('key', '=', claim.key)
    .where('response_status', '=', 0)
    .execute();
}

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key) {
    throw new AppError(
      'idempotency_key_missing',
      'Send an Idempotency-Key header (for example a UUID) so a retry cannot create a duplicate',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(
      'validation_failed',
      'The Idempotency-Key must be 8 to 128 letters, digits or _ . : -',
    );
  }
  return key;
}

async function findStored<T>(
  db: Kysely<PlatformTables>,
  scope: string,
  ownerId: string,
  key: string,
  requestHash: string,
): Promise<IdempotentResult<T> | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('scope', '=', scope)
    .where('owner_id', '=', ownerId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.response_status === 0) return undefined;
  if (row.request_hash !== requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  return { status: row.response_status, body: row.response_body as T, replayed: true };
}

/** A stable hash of a JSON value: object keys are sorted so key order does not matter. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
