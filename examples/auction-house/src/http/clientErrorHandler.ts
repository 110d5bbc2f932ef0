import type { Socket } from 'node:net';
import type { ConnectionError } from 'fastify';
import { type ApiErrorBody, apiError } from './apiError';
import { statusOf } from './errorTable';

/** The API's error body for an error Node found in the bytes of a request, before fastify saw it. */
const bodyOf = (error: ConnectionError): ApiErrorBody => {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return apiError('REQUEST_TIMEOUT', 'The request did not arrive in time');
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return apiError('HEADERS_TOO_LARGE', 'The request headers are too large');
  return apiError('INVALID_REQUEST', 'The request is not valid HTTP');
};

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Fastify's `clientErrorHandler`: a request that timed out (408 `REQUEST_TIMEOUT`), whose headers are
 * too large (431 `HEADERS_TOO_LARGE`) or that is not HTTP (400 `INVALID_REQUEST`) is answered with the
 * API's error body and `Connection: close`, unless an answer has begun; then the connection is closed.
 */
export const clientErrorHandler = (error: ConnectionError, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const answer = bodyOf(error);
  const status = statusOf(answer.code);
  const body = JSON.stringify(answer);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
};
