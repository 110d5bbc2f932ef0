import type { PublicChangeMessage } from '../messages/publicChangeMessage';
import { type DecodeResult, parseBody } from './decodeRelayedEvent';

/**
 * Decodes the body of a public relay's message into a {@link PublicChangeMessage}: the one decoder of
 * public changes (it checks their shape: an auction id, a version, a time and a view).
 */
export const decodePublicChange = (body: string | Uint8Array): DecodeResult<PublicChangeMessage> => {
  const json = parseBody(body);
  const valid =
    json !== null &&
    typeof json.auctionId === 'string' &&
    Number.isSafeInteger(json.version) &&
    typeof json.at === 'number' &&
    typeof json.view === 'object' &&
    json.view !== null &&
    (json.entry === undefined || (typeof json.entry === 'object' && json.entry !== null));
  if (!valid) return { ok: false, code: 'NOT_A_GAVEL_MESSAGE', message: 'the body is not a public change' };
  return { ok: true, value: json as unknown as PublicChangeMessage };
};
