import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { apiError, sendError } from '../apiError';
import { readSessionCookie, type SessionClaims, type SessionUser } from './sessionCookie';
import type { SessionRevocations } from './sessionRevocations';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The session cookie's claims once its signature, format and age hold (read in `onRequest`, so the
     * rate limits can key on the user); null after a sign-out was found. Only on routes with `config.session`.
     */
    session: SessionClaims | null;
    /** The signed-in user or null, after the sign-out check. Only on routes with `config.session`. */
    viewer: SessionUser | null;
    /**
     * The signed-in user of a route with `config.session: 'required'` (its hooks answered 401 without
     * one). Reading it on another route is a mistake in the route, and throws.
     */
    readonly user: SessionUser;
  }
  interface FastifyContextConfig {
    /** `required`: 401 `UNAUTHENTICATED` without a valid session; `optional`: `request.viewer` may be null. */
    session?: 'required' | 'optional';
  }
}

/** Options of {@link sessionPlugin}. */
export interface SessionPluginOptions {
  readonly revocations: SessionRevocations;
  readonly clock: () => number;
  /** A cookie issued longer ago than this is refused. */
  readonly ttlMs: number;
}

const unauthenticated = (reply: FastifyReply): FastifyReply =>
  sendError(reply, apiError('UNAUTHENTICATED', 'Sign in first: POST /api/session { "name" }'));

/** `request.user`: the viewer of a route that requires a session. */
function signedInUser(this: FastifyRequest): SessionUser {
  if (this.viewer === null)
    throw new Error(`${this.method} ${this.routeOptions.url}: config.session is not 'required'`);
  return this.viewer;
}

/**
 * Sessions as hooks and request decorators: on a route whose `config.session` is set, `onRequest` reads
 * the signed cookie (signature, format, TTL; no I/O) into `request.session`, and `preValidation` asks
 * the store whether the session was signed out before setting `request.viewer` (and so `request.user`).
 * Between the two run the rate limits, so a flood is refused before it reaches the store; both run
 * before the route's schemas, so a request without a session is 401 whatever its body. Needs
 * `@fastify/cookie`.
 */
export const sessionPlugin = fp(
  async (app: FastifyInstance, options: SessionPluginOptions): Promise<void> => {
    const { revocations, clock, ttlMs } = options;
    app.decorateRequest('session', null);
    app.decorateRequest('viewer', null);
    app.decorateRequest('user', { getter: signedInUser });

    app.addHook('onRequest', async (request, reply) => {
      const mode = request.routeOptions.config.session;
      if (mode === undefined) return;
      request.session = readSessionCookie(request, clock(), ttlMs);
      if (request.session === null && mode === 'required') return unauthenticated(reply);
    });

    app.addHook('preValidation', async (request, reply) => {
      const claims = request.session;
      if (claims === null) return;
      if (await revocations.isRevoked(claims.sessionId)) {
        request.session = null;
        if (request.routeOptions.config.session === 'required') return unauthenticated(reply);
        return;
      }
      request.viewer = { userId: claims.userId, name: claims.name };
    });
  },
  { name: 'gavel-session', dependencies: ['@fastify/cookie'] },
);
