// Auth service contracts: HTTP bodies and replies, and the events it publishes.
import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, Page, Role, StrictObject, Timestamp, Uuid } from './common.js';

// Inputs are checked for shape here; the service trims and lower-cases emails, so surrounding
// spaces are tolerated by the pattern and removed before anything is stored or compared.
export const EmailInput = Type.String({
  minLength: 3,
  maxLength: 320,
  pattern: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$',
  description: 'Email address; trimmed and compared case-insensitively',
});
export const PasswordInput = Type.String({
  minLength: 8,
  maxLength: 128,
  description: '8 to 128 characters',
});
/**
 * Why the service refused a new password of the right length: `errors[].reason` in its 400
 * problem, beside the `path` (`body.password` or `body.newPassword`). `common`: one of the most
 * used passwords; `personal`: made from the person's email, names or the shop's name.
 */
export type PasswordRejection = 'common' | 'personal';
export const PersonName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
/** E.164-ish: an optional `+`, then 7 to 15 digits, no spaces. */
export const PHONE_PATTERN = '^\\+?[0-9]{7,15}$';
export const Phone = Type.String({
  pattern: PHONE_PATTERN,
  maxLength: 16,
  description: 'Phone number, e.g. +212612345678',
});

export const RegisterBody = StrictObject({
  email: EmailInput,
  password: PasswordInput,
  firstName: PersonName,
  lastName: PersonName,
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
});
export type RegisterBody = Static<typeof RegisterBody>;

// Login accepts any password length up to the maximum: the policy applies when a password is set,
// and an old password that predates a policy change must still be able to log in.
export const LoginBody = StrictObject({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const RefreshTokenBody = StrictObject({
  refreshToken: Type.String({ minLength: 1, maxLength: 512 }),
});
export type RefreshTokenBody = Static<typeof RefreshTokenBody>;

export const ChangePasswordBody = StrictObject({
  currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
  newPassword: PasswordInput,
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const PasswordResetBody = StrictObject({ email: EmailInput });
export type PasswordResetBody = Static<typeof PasswordResetBody>;

/** The token from the mailed link: 32 random bytes, base64url (43 characters). */
export const PasswordResetToken = Type.String({
  minLength: 43,
  maxLength: 43,
  pattern: '^[A-Za-z0-9_-]{43}$',
});

/** Why a reset link is refused: the 400's `reason`, which the web app translates. */
export const RESET_LINK_REJECTIONS = [
  'reset_link_unknown',
  'reset_link_used',
  'reset_link_expired',
] as const;
export type ResetLinkRejection = (typeof RESET_LINK_REJECTIONS)[number];

export const PasswordResetConfirmBody = StrictObject({
  token: PasswordResetToken,
  password: PasswordInput,
});
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;

export const AuthUser = Type.Object({ id: Uuid, email: Type.String(), roles: Type.Array(Role) });
export type AuthUser = Static<typeof AuthUser>;

/** What register, login and refresh answer: a short-lived access token and a refresh token. */
export const AuthTokens = Type.Object({
  user: AuthUser,
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
});
export type AuthTokens = Static<typeof AuthTokens>;

export const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  roles: Type.Array(Role),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
});
export type Me = Static<typeof Me>;

export const PublicJwk = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  y: Type.Optional(Type.String()),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.Literal('sig'),
});
export const Jwks = Type.Object({ keys: Type.Array(PublicJwk) });
export type Jwks = Static<typeof Jwks>;

// Admin views of accounts.
export const AdminUser = Type.Object({
  id: Uuid,
  email: Type.String(),
  roles: Type.Array(Role),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
});
export type AdminUser = Static<typeof AdminUser>;

export const UserListQuery = StrictObject({
  q: Type.Optional(
    Type.String({ maxLength: 100, description: 'Matches email, first or last name' }),
  ),
  role: Type.Optional(Role),
  disabled: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export type UserListQuery = Static<typeof UserListQuery>;

export const UserPage = Page(AdminUser);
export type UserPage = Static<typeof UserPage>;

export const UpdateUserBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(Role, { minItems: 1, maxItems: 2, uniqueItems: true })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

// Events. Payloads stay open objects so a consumer keeps working when a field is added. Ids use
// a pattern rather than `format: 'uuid'`: event payloads are also checked with TypeBox's Value,
// which knows no formats unless each process registers them.
const EventUuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});

export const UserRegistered = Type.Object({
  userId: EventUuid,
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Role),
});
export type UserRegistered = Static<typeof UserRegistered>;

/**
 * Someone asked to reset this account's password: the notification service mails the link. The
 * token is in the event (the auth database keeps only its hash), so it exists only in the outbox
 * row until it is published, on the broker, and in the mail.
 */
export const PasswordResetRequested = Type.Object({
  userId: EventUuid,
  email: Type.String(),
  firstName: Type.String(),
  token: Type.String(),
  expiresAt: Type.String(),
});
export type PasswordResetRequested = Static<typeof PasswordResetRequested>;

export const UserDisabled = Type.Object({
  userId: EventUuid,
  reason: Type.Optional(Type.String()),
});
export type UserDisabled = Static<typeof UserDisabled>;

export const UserEnabled = Type.Object({ userId: EventUuid });
export type UserEnabled = Static<typeof UserEnabled>;

/**
 * Every access token of the user issued before this change stops working: its `ver` claim is
 * below `tokenVersion`. Sent when an account is disabled, deleted or loses a role; every
 * verifier hears it as a broadcast (see packages/platform/src/auth/revocations.ts).
 */
export const UserTokensRevoked = Type.Object({
  userId: EventUuid,
  tokenVersion: Type.Integer({ minimum: 1 }),
});
export type UserTokensRevoked = Static<typeof UserTokensRevoked>;

/** One login session ended (logout, refresh token reuse, another session's password change). */
export const SessionRevoked = Type.Object({ userId: EventUuid, sessionId: EventUuid });
export type SessionRevoked = Static<typeof SessionRevoked>;

export const authEvents = {
  'auth.user.registered': UserRegistered,
  'auth.password_reset.requested': PasswordResetRequested,
  'auth.user.disabled': UserDisabled,
  'auth.user.enabled': UserEnabled,
  'auth.user.tokens_revoked': UserTokensRevoked,
  'auth.session.revoked': SessionRevoked,
};

/**
 * What every token verifier needs to refuse revoked access tokens: the revocations of the last
 * `keepSeconds` (older ones only concern tokens that have expired anyway). `now` is the auth
 * service's clock, the cursor of the next `?since=`.
 */
export const RevocationFeed = Type.Object({
  now: Timestamp,
  keepSeconds: Type.Integer({ minimum: 1 }),
  users: Type.Array(
    Type.Object({ userId: Type.String(), tokenVersion: Type.Integer(), at: Timestamp }),
  ),
  sessions: Type.Array(
    Type.Object({ userId: Type.String(), sessionId: Type.String(), at: Timestamp }),
  ),
});
export type RevocationFeed = Static<typeof RevocationFeed>;

export const RevocationFeedQuery = StrictObject({
  since: Type.Optional(
    Type.String({
      format: 'date-time',
      maxLength: 35,
      description:
        "Only revocations at or after this time (the previous reply's `now`, minus a margin)",
    }),
  ),
});
export type RevocationFeedQuery = Static<typeof RevocationFeedQuery>;

export type AuthEventMap = { [K in keyof typeof authEvents]: Static<(typeof authEvents)[K]> };
