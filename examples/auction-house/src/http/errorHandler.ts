import { isEventStoreError } from '@gavel/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { apiError, sendError } from './apiError';
import { firstIssue, validationIssues } from './firstIssue';

/**
 * Answers every error fastify or a route throws with the API's error body. Bad input (a malformed or
 * too large body, a wrong media type, a bad URL) is a 4xx with its code; a body or query that its
 * route's schema refuses is 400 `INVALID_REQUEST` naming the first offending field, and an auction id
 * in the path that cannot be one is 404 `AUCTION_NOT_FOUND`; a store failure is 503
 * `STORE_UNAVAILABLE`; only a bug is a 500.
 */
export const errorHandler = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply => {
  if (hasZodFastifySchemaValidationErrors(error)) {
    if (error.validationContext === 'params')
      return sendError(reply, apiError('AUCTION_NOT_FOUND', 'No such auction'));
    const { field, message } = firstIssue(validationIssues(error.validation));
    return sendError(reply, apiError('INVALID_REQUEST', message, field === '' ? {} : { field }));
  }
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413)
    return sendError(reply, apiError('BODY_TOO_LARGE', 'The body is over 64 KiB'));
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return sendError(reply, apiError('UNSUPPORTED_MEDIA_TYPE', 'POST bodies must be application/json'));
  if (status === 429)
    return sendError(reply, apiError('RATE_LIMITED', error.message || 'Too many requests: slow down'));
  if (status === 404) return sendError(reply, apiError('NOT_FOUND', 'No such route'));
  if (status >= 400 && status < 500)
    return reply.code(400).send(apiError('INVALID_REQUEST', error.message.slice(0, 200)));
  if (isEventStoreError(error)) {
    request.log.warn({ err: error }, 'store failure');
    return sendError(
      reply,
      apiError('STORE_UNAVAILABLE', `The store failed (${error.code}): retry with the same bidId`),
    );
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(reply, apiError('INTERNAL_ERROR', 'Something went wrong on our side'));
};
