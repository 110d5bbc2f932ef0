import { z } from 'zod';
import { auctionIdSchema as auctionId } from './auctionId';

/**
 * Schema of the messages a client may send (feed protocol, version 1). Unknown fields are refused; an
 * `auctionId` must be one the engine accepts (see `MAX_AUCTION_ID_LENGTH`).
 */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('subscribe'),
    auctionId,
    /** Resume: every change after this stream version instead of a snapshot (null: the same as absent). */
    afterVersion: z
      .int()
      .min(0)
      .nullish()
      .transform((value) => value ?? undefined),
  }),
  z.strictObject({ type: z.literal('unsubscribe'), auctionId }),
]);

/** A message from a client: `subscribe` (with or without `afterVersion`) or `unsubscribe`. */
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** The result of {@link parseClientMessage}. */
export type ParsedClientMessage =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly message: string; readonly field?: string };

/**
 * Validates one WebSocket frame from a client: a JSON text frame matching {@link clientMessageSchema}.
 * Never throws: a bad frame is answered with the reason, to be sent back as an `error` frame.
 */
export const parseClientMessage = (
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
): ParsedClientMessage => {
  if (isBinary) return { ok: false, message: 'binary frames are not accepted: send JSON text frames' };
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as Buffer).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the frame is not valid JSON' };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? undefined : issue.path.join('.');
  const message = `${field === undefined ? 'message' : field}: ${issue?.message ?? 'invalid'}`;
  return field === undefined ? { ok: false, message } : { ok: false, message, field };
};
