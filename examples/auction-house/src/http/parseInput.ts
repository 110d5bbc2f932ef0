import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { apiError, sendError } from './apiError';
import { firstIssue } from './schemas';

/**
 * Parses a body or query with a schema. On failure it answers 400 `INVALID_REQUEST` naming the field,
 * and returns undefined.
 */
export const parseInput = <Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  reply: FastifyReply,
): z.output<Schema> | undefined => {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { field, message } = firstIssue(parsed.error);
  sendError(reply, apiError('INVALID_REQUEST', message, field === '' ? {} : { field }));
  return undefined;
};
