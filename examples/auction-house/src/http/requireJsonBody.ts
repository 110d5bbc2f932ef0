import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError, sendError } from './apiError';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * An `onRequest` hook: a POST, PUT, PATCH or DELETE that carries a body, or declares a media type, must
 * declare `application/json`; otherwise 415. With SameSite cookies this keeps cross-site HTML forms
 * (which can only send form or text bodies) away from the API.
 */
export const requireJsonBody = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined ? !hasBody : JSON_TYPE.test(type)) return;
  await sendError(reply, apiError('UNSUPPORTED_MEDIA_TYPE', 'POST bodies must be application/json'));
};
