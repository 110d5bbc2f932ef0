import type { PublicChangeMessage } from '../messages/publicChangeMessage';
import { DEFAULT_PUBLIC_STREAM } from '../relayOptions';
import type { NatsConsumerOptions } from './consumerOptions';
import { decodePublicChange } from './decodePublicChange';
import { createDurableConsumer, type NatsConsumer } from './durableConsumer';

/**
 * Consumes a public relay's stream (default `GAVEL_PUBLIC`) as `consumeAuctionEvents` does a relay's
 * events: each message decoded into a {@link PublicChangeMessage} (the feed's masked view and history
 * entry), in order, acknowledged once `handle` resolves. For services that may not see secrets.
 * @throws InvalidOptionsError for a bad option
 */
export const consumePublicChanges = (options: NatsConsumerOptions<PublicChangeMessage>): NatsConsumer =>
  createDurableConsumer(options, {
    caller: 'consumePublicChanges',
    defaultStream: DEFAULT_PUBLIC_STREAM,
    decode: decodePublicChange,
  });
