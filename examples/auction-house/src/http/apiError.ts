import type { FastifyReply } from 'fastify';
import { type ApiErrorCode, statusOf } from './errorTable';

/** The body of every 4xx and 5xx answer of the API. */
export interface ApiErrorBody {
  readonly ok: false;
  readonly code: ApiErrorCode;
  readonly message: string;
  /** The offending field's path, e.g. `amount` or `softClose.windowMs`. */
  readonly field?: string;
  /** Machine-readable facts about the rejection, from the engine (e.g. the minimum next bid). */
  readonly details?: unknown;
}

/** Builds an error body without undefined fields. */
export const apiError = (
  code: ApiErrorCode,
  message: string,
  extra: { readonly field?: string | undefined; readonly details?: unknown } = {},
): ApiErrorBody => ({
  ok: false,
  code,
  message,
  ...(extra.field === undefined ? {} : { field: extra.field }),
  ...(extra.details === undefined ? {} : { details: extra.details }),
});

/** Sends an error body with the status the table gives its code. */
export const sendError = (reply: FastifyReply, body: ApiErrorBody): FastifyReply =>
  reply.code(statusOf(body.code)).send(body);
