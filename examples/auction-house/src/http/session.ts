import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The signed-in user: the session cookie carries both fields, signed with `GAVEL_SECRET`. */
export interface SessionUser {
  /** The bidder id recorded in the streams for this user. */
  readonly userId: string;
  /** The name they signed in with (shown to them, and as the seller's name on their listings). */
  readonly name: string;
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'gavel_session';

/** How long a session lasts: 7 days. */
const MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** A new random user id: `u_` and 16 URL-safe characters. */
export const newUserId = (): string => `u_${randomBytes(12).toString('base64url')}`;

const encode = (user: SessionUser): string =>
  `${user.userId}.${Buffer.from(user.name, 'utf8').toString('base64url')}`;

const decode = (value: string): SessionUser | null => {
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  if (!/^u_[A-Za-z0-9_-]{16}$/.test(userId)) return null;
  const name = Buffer.from(value.slice(dot + 1), 'base64url').toString('utf8');
  return name.length === 0 ? null : { userId, name };
};

/**
 * Sets the session cookie: stateless and signed (HMAC-SHA256 with the secret, by `@fastify/cookie`),
 * HttpOnly, SameSite=Lax, for the whole site. Any instance with the same secret accepts it.
 */
export const startSession = (reply: FastifyReply, user: SessionUser): void => {
  reply.setCookie(SESSION_COOKIE, encode(user), {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
};

/** Clears the session cookie. */
export const endSession = (reply: FastifyReply): void => {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
};

/** Each request's session, checked once (the rate limit and the route both ask). */
const checked = new WeakMap<FastifyRequest, SessionUser | null>();

/** The user of a request's session cookie, or null when it is missing, forged or malformed. */
export const sessionUser = (request: FastifyRequest): SessionUser | null => {
  const known = checked.get(request);
  if (known !== undefined) return known;
  const raw = request.cookies[SESSION_COOKIE];
  let user: SessionUser | null = null;
  if (raw !== undefined && raw.length <= 512) {
    const unsigned = request.unsignCookie(raw);
    if (unsigned.valid && unsigned.value !== null) user = decode(unsigned.value);
  }
  checked.set(request, user);
  return user;
};
