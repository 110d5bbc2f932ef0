import {
  auctionIdOfStream,
  type PublicChange,
  type PublicHistoryEntry,
  type PublicView,
  type RecordedEvent,
} from '@gavel/core';
import { POSITION_HEADER, relayMessageId, STREAM_HEADER, VERSION_HEADER } from './relayHeaders';
import type { RelayMessage } from './relayMessage';
import { relayRoutingKey } from './relayRoutingKey';

/** The body of a public message: the live feed's `change` frame, word for word. */
export interface PublicChangeBody {
  /** Always `'change'`, as the feed's frame. */
  readonly type: 'change';
  /** The auction, as it is (not its token). */
  readonly auctionId: string;
  /** The stream version of the event. */
  readonly version: number;
  /** The public view after the event, bidder ids masked. */
  readonly view: PublicView;
  /** The public history entry the event adds, when it adds one. */
  readonly entry?: PublicHistoryEntry;
}

/**
 * The message of one public change, as the public relay publishes it: the live feed's `change` frame
 * (`{ type: 'change', auctionId, version, view, entry? }`, bidder ids masked, no maximum above the price,
 * no reserve), routing key `change.<auction token>`, AMQP `type` `change` (never the event's type, which
 * would tell a proxy bid from a straight one), and the same `message-id` and `Gavel-*` headers as the
 * internal relay's.
 */
export const publicChangeMessage = (event: RecordedEvent, change: PublicChange): RelayMessage => {
  const auctionId = auctionIdOfStream(event.streamName);
  const { version, view, entry } = change;
  const body: PublicChangeBody =
    entry === undefined
      ? { type: 'change', auctionId, version, view }
      : { type: 'change', auctionId, version, view, entry };
  return {
    streamName: event.streamName,
    routingKey: relayRoutingKey('change', auctionId),
    content: Buffer.from(JSON.stringify(body)),
    properties: {
      persistent: true,
      messageId: relayMessageId(event.streamName, event.streamVersion),
      contentType: 'application/json',
      type: 'change',
      timestamp: Math.floor(event.recordedAt / 1000),
      appId: 'gavel',
      headers: {
        [STREAM_HEADER]: event.streamName,
        [VERSION_HEADER]: event.streamVersion,
        [POSITION_HEADER]: event.globalPosition.toString(),
      },
    },
  };
};
