import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiError, sendError } from './apiError';
import { errorHandler } from './errorHandler';
import { requireJsonBody } from './requireJsonBody';

/**
 * The API's answers to what goes wrong, for the whole app (so not encapsulated): the error handler
 * (every thrown error and refused schema to its code and status, {@link errorHandler}), 404 `NOT_FOUND`
 * for an unknown route, and 415 for a body that is not JSON ({@link requireJsonBody}).
 */
export const apiErrors = fp(
  async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler(errorHandler);
    app.setNotFoundHandler((_request, reply) => sendError(reply, apiError('NOT_FOUND', 'No such route')));
    app.addHook('onRequest', requireJsonBody);
  },
  { name: 'gavel-api-errors' },
);
