import type { FastifyInstance } from 'fastify';
import { parseInput } from '../parseInput';
import { requireUser } from '../requireUser';
import { signInBody } from '../schemas';
import { endSession, newUserId, startSession } from '../session';

/**
 * Development sign-in: `POST /api/session { name }` makes a new user and sets the signed session
 * cookie; `GET /api/session` answers who is signed in; `DELETE /api/session` signs out.
 */
export const sessionRoutes = async (app: FastifyInstance): Promise<void> => {
  app.post('/api/session', async (request, reply) => {
    const body = parseInput(signInBody, request.body, reply);
    if (body === undefined) return reply;
    const user = { userId: newUserId(), name: body.name };
    startSession(reply, user);
    return user;
  });

  app.get('/api/session', async (request, reply) => {
    const user = requireUser(request, reply);
    return user ?? reply;
  });

  app.delete('/api/session', async (_request, reply) => {
    endSession(reply);
    return { ok: true };
  });
};
