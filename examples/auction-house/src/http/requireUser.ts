import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError, sendError } from './apiError';
import { type SessionUser, sessionUser } from './session';

/** The signed-in user, or undefined after answering 401 `UNAUTHENTICATED`. */
export const requireUser = (request: FastifyRequest, reply: FastifyReply): SessionUser | undefined => {
  const user = sessionUser(request);
  if (user !== null) return user;
  sendError(reply, apiError('UNAUTHENTICATED', 'Sign in first: POST /api/session { "name" }'));
  return undefined;
};
