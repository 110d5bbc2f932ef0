/** The header that names the event's stream as it is (`auction-<auctionId>`): the key of the version check. */
export const STREAM_HEADER = 'Gavel-Stream';
/** The header that holds the event's stream version (an integer, 1 for a stream's first event). */
export const VERSION_HEADER = 'Gavel-Version';
/** The header that holds the event's global position in the store, as a decimal string (it may pass 2^53). */
export const POSITION_HEADER = 'Gavel-Position';

/** The message id of an event, the same in every relay: `<streamName>@<streamVersion>`. */
export const relayMessageId = (streamName: string, streamVersion: number): string =>
  `${streamName}@${streamVersion}`;
