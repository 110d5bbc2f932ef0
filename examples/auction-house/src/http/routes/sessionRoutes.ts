import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../apiContext';
import { signInRateLimit } from '../limits/routeLimits';
import { signInBody } from '../schemas';
import { clearSessionCookie, newSessionId, newUserId, setSessionCookie } from '../session/sessionCookie';

/**
 * Development sign-in: `POST /api/session { name }` makes a new user and sets the signed session
 * cookie (at most `signInsPerMinute` per client address); `GET /api/session` answers who is signed in;
 * `DELETE /api/session` signs out: 204, and the cookie is refused from then on by every instance on
 * the store.
 */
export const sessionRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { clock, limits, revocations } = context;

  app.post(
    '/api/session',
    { schema: { body: signInBody }, config: { rateLimit: signInRateLimit(limits) } },
    async (request, reply) => {
      const user = { userId: newUserId(), name: request.body.name };
      setSessionCookie(reply, { ...user, sessionId: newSessionId(), issuedAt: clock() }, limits.sessionTtlMs);
      return user;
    },
  );

  app.get('/api/session', { config: { session: 'required' } }, async (request) => request.user);

  app.delete('/api/session', { config: { session: 'optional' } }, async (request, reply) => {
    if (request.session !== null) await revocations.revoke(request.session, clock());
    clearSessionCookie(reply);
    return reply.code(204).send();
  });
};
