import { commandShapeError } from '../auction/commandShape';
import type { AuctionCommand } from '../auction/commands';
import { type Rejected, rejected } from '../auction/decision';
import { type DecisionKey, MAX_BID_ID_LENGTH } from './eventIds';

/** A command checked at the edge: a private copy, with its auction and the key of its event ids. */
export interface NormalizedCommand {
  readonly command: AuctionCommand;
  readonly auctionId: string;
  readonly key: DecisionKey;
}

const isBid = (
  command: AuctionCommand,
): command is Extract<AuctionCommand, { type: 'PlaceBid' | 'SetMaxBid' }> =>
  command.type === 'PlaceBid' || command.type === 'SetMaxBid';

/**
 * Validates the shape of anything handed to `execute` and copies it, so a caller mutating its object
 * later changes nothing. A bid without a `bidId` gets a random one here, once, so that re-deciding it
 * after a conflict keeps the same event ids. Never throws.
 */
export const normalizeCommand = (input: unknown): NormalizedCommand | Rejected => {
  try {
    const shapeError = commandShapeError(input);
    if (shapeError !== null) return rejected('INVALID_COMMAND', shapeError);
    const original = input as AuctionCommand;
    if (!isBid(original)) {
      const command = { type: original.type, data: { ...original.data } } as AuctionCommand;
      return {
        command,
        auctionId: original.data.auctionId,
        key: { commandId: globalThis.crypto.randomUUID() },
      };
    }
    const bidId = original.data.bidId ?? globalThis.crypto.randomUUID();
    if (bidId.length > MAX_BID_ID_LENGTH)
      return rejected('INVALID_COMMAND', `data.bidId must be at most ${MAX_BID_ID_LENGTH} characters`);
    // Bids are the hot path: copy their four fields as a literal rather than spreading.
    const { auctionId, bidderId } = original.data;
    const command: AuctionCommand =
      original.type === 'PlaceBid'
        ? { type: 'PlaceBid', data: { auctionId, bidderId, amount: original.data.amount, bidId } }
        : { type: 'SetMaxBid', data: { auctionId, bidderId, maxAmount: original.data.maxAmount, bidId } };
    return { command, auctionId, key: { bidId } };
  } catch (error) {
    return rejected('INVALID_COMMAND', `command could not be read: ${String(error)}`);
  }
};
