import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The signed-in user: who the session cookie speaks for. */
export interface SessionUser {
  /** The bidder id recorded in the streams for this user. */
  readonly userId: string;
  /** The name they signed in with (shown to them, and as the seller's name on their listings). */
  readonly name: string;
}

/** What a session cookie carries, signed with `GAVEL_SECRET`: the user, the session's id and when it began. */
export interface SessionClaims extends SessionUser {
  /** Random, one per sign-in: what a sign-out records as ended. */
  readonly sessionId: string;
  /** When the session began (epoch ms, the server's clock): the cookie is refused once older than the TTL. */
  readonly issuedAt: number;
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'gavel_session';

/** How far in the future an issue time may be (clocks of instances differ a little); later ones are refused. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** The longest cookie value read; a longer one is refused unread. */
const MAX_COOKIE_LENGTH = 512;

/** A new random user id: `u_` and 16 URL-safe characters. */
export const newUserId = (): string => `u_${randomBytes(12).toString('base64url')}`;

/** A new random session id: 22 URL-safe characters (128 bits). */
export const newSessionId = (): string => randomBytes(16).toString('base64url');

const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
const USER_ID = /^u_[A-Za-z0-9_-]{16}$/;
const ISSUED_AT = /^\d{1,15}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** `<sessionId>.<userId>.<issuedAt>.<name as base64url>`; the cookie plugin appends `.<signature>`. */
const encode = (claims: SessionClaims): string =>
  [
    claims.sessionId,
    claims.userId,
    String(claims.issuedAt),
    Buffer.from(claims.name, 'utf8').toString('base64url'),
  ].join('.');

const decode = (value: string): SessionClaims | null => {
  const [sessionId, userId, issuedAt, name, ...rest] = value.split('.');
  if (sessionId === undefined || userId === undefined || issuedAt === undefined || name === undefined)
    return null;
  if (rest.length > 0 || !SESSION_ID.test(sessionId) || !USER_ID.test(userId)) return null;
  if (!ISSUED_AT.test(issuedAt) || !BASE64URL.test(name)) return null;
  const decodedName = Buffer.from(name, 'base64url').toString('utf8');
  if (decodedName.length === 0) return null;
  return { sessionId, userId, issuedAt: Number(issuedAt), name: decodedName };
};

/**
 * Sets the session cookie: signed (HMAC-SHA256 with the secret, by `@fastify/cookie`), HttpOnly,
 * SameSite=Lax, for the whole site, kept by the browser for `ttlMs`. Any instance with the same secret
 * accepts it until it is older than the TTL or signed out.
 */
export const setSessionCookie = (reply: FastifyReply, claims: SessionClaims, ttlMs: number): void => {
  reply.setCookie(SESSION_COOKIE, encode(claims), {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: Math.max(1, Math.floor(ttlMs / 1000)),
  });
};

/** Clears the session cookie in the browser. */
export const clearSessionCookie = (reply: FastifyReply): void => {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
};

/**
 * The claims of a request's session cookie when its signature holds, its format is this one and it
 * was issued within `ttlMs` before `now` (and not more than {@link MAX_CLOCK_SKEW_MS} after it);
 * otherwise null. It does not ask whether the session was signed out: that is the store's to say.
 */
export const readSessionCookie = (
  request: FastifyRequest,
  now: number,
  ttlMs: number,
): SessionClaims | null =>
  sessionClaimsOf(request.cookies[SESSION_COOKIE], (raw) => request.unsignCookie(raw), now, ttlMs);

/**
 * The claims of a raw session cookie value when its signature holds (`unsign`, the cookie plugin's),
 * its format is this one and its age is within `ttlMs`; otherwise null. For requests that fastify does
 * not parse, such as the feed's WebSocket upgrade.
 */
export const sessionClaimsOf = (
  raw: string | undefined,
  unsign: (raw: string) => { readonly valid: boolean; readonly value: string | null },
  now: number,
  ttlMs: number,
): SessionClaims | null => {
  if (raw === undefined || raw.length > MAX_COOKIE_LENGTH) return null;
  const unsigned = unsign(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  const claims = decode(unsigned.value);
  if (claims === null) return null;
  const age = now - claims.issuedAt;
  return age <= ttlMs && age >= -MAX_CLOCK_SKEW_MS ? claims : null;
};
