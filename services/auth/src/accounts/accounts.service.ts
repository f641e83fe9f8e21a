import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AuthTokens, ChangePasswordBody, LoginBody, Me, RegisterBody } from '@souk/contracts';
import { AppError, type Principal } from '@souk/platform';
import type { AuthContext } from '../context.js';
import type { AuthDatabase } from '../db/schema.js';
import { openSession } from '../sessions/sessions.service.js';
import { announceRevokedSessions, applyLocally } from '../revocations/revocations.service.js';
import { revokeFamiliesOfUser } from '../sessions/sessions.repository.js';
import {
  assertAcceptablePassword,
  canonicalRoles,
  normalizeEmail,
  prepareNewAccount,
} from './account-rules.js';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  updatePasswordHash,
  type NewUserRow,
  type UserRow,
} from './accounts.repository.js';

// The same words whether the email is unknown or the password wrong: no account enumeration.
const invalidCredentials = () => new AppError('unauthorized', 'Invalid email or password');
const emailTaken = () => new AppError('conflict', 'An account with this email already exists');
const accountDisabled = () => new AppError('forbidden', 'account disabled');

/** A visitor becomes a CLIENT; `auth.user.registered` is written in the same transaction. */
export async function registerUser(context: AuthContext, body: RegisterBody): Promise<AuthTokens> {
  const account = prepareNewAccount(body, context.commonPasswords);
  // Cheap early answer for a taken email; the unique index decides for real below.
  if (await findUserByEmail(context.db, account.email)) throw emailTaken();
  const passwordHash = await context.passwords.hash(body.password);
  return context.db.transaction().execute(async (trx) => {
    const user = await createUser(context, trx, { passwordHash, ...account });
    if (!user) throw emailTaken();
    return openSession(context, trx, user);
  });
}

/**
 * Inserts the user and writes `auth.user.registered` in the caller's transaction. Undefined when
 * the email is already taken (the unique index decides; nothing is published then).
 */
export async function createUser(
  context: AuthContext,
  trx: Transaction<AuthDatabase>,
  account: Omit<NewUserRow, 'id'>,
): Promise<UserRow | undefined> {
  const user = await insertUser(trx, { id: randomUUID(), ...account });
  if (!user) return undefined;
  await context.bus.publish(trx, 'auth.user.registered', {
    userId: user.id,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    phone: user.phone,
    roles: canonicalRoles(user.roles),
  });
  return user;
}

/**
 * Checks the password after the login throttle has counted the attempt (and waited the account's
 * delay, if any): a wrong password stays counted, a right one is taken back.
 */
export async function logIn(
  context: AuthContext,
  body: LoginBody,
  clientIp: string,
): Promise<AuthTokens> {
  const attempt = { email: normalizeEmail(body.email), ip: clientIp };
  await context.throttle.admit(context.db, attempt);
  const user = await findUserByEmail(context.db, attempt.email);
  if (!user) {
    await context.passwords.verifyAgainstDummy(body.password);
    throw invalidCredentials();
  }
  if (!(await context.passwords.verify(user.password_hash, body.password)))
    throw invalidCredentials();
  await context.throttle.recordSuccess(context.db, attempt);
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabled_at) throw accountDisabled();
  return context.db.transaction().execute((trx) => openSession(context, trx, user));
}

export async function getProfile(context: AuthContext, principal: Principal): Promise<Me> {
  const user = await activeUser(context, principal.userId);
  return {
    id: user.id,
    email: user.email,
    roles: canonicalRoles(user.roles),
    firstName: user.first_name,
    lastName: user.last_name,
    phone: user.phone,
  };
}

/**
 * Replaces the password after checking the current one (a wrong one counts toward the login
 * throttle), then ends every other session: whoever knew the old password is logged out.
 */
export async function changePassword(
  context: AuthContext,
  principal: Principal,
  body: ChangePasswordBody,
  clientIp: string,
): Promise<void> {
  const user = await activeUser(context, principal.userId);
  const owner = { email: user.email, firstName: user.first_name, lastName: user.last_name };
  assertAcceptablePassword(body.newPassword, {
    field: 'newPassword',
    screen: { commonPasswords: context.commonPasswords, owner },
  });
  const attempt = { email: user.email, ip: clientIp };
  await context.throttle.admit(context.db, attempt);
  if (!(await context.passwords.verify(user.password_hash, body.currentPassword))) {
    throw new AppError('unauthorized', 'The current password is wrong');
  }
  await context.throttle.recordSuccess(context.db, attempt);
  const passwordHash = await context.passwords.hash(body.newPassword);
  const revoked = await context.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, passwordHash);
    return announceRevokedSessions(
      context,
      trx,
      await revokeFamiliesOfUser(trx, user.id, 'password changed', principal.sessionId),
    );
  });
  applyLocally(context, revoked);
}

async function activeUser(context: AuthContext, userId: string): Promise<UserRow> {
  const user = await findUserById(context.db, userId);
  if (!user) throw new AppError('unauthorized', 'This account no longer exists');
  if (user.disabled_at) throw accountDisabled();
  return user;
}
