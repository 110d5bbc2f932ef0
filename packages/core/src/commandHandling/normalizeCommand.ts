import { commandShapeProblem } from '../auction/commandShape';
import type { AuctionCommand } from '../auction/commands';
import { type Rejected, rejected } from '../auction/decision';
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH, type TextProblem, textProblem, thrownText } from './commandText';
import type { DecisionKey } from './eventIds';

/** A command checked at the edge: a private copy, with its auction and the key of its event ids. */
export interface NormalizedCommand {
  readonly command: AuctionCommand;
  readonly auctionId: string;
  readonly key: DecisionKey;
}

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;

/** Commands other than bids (whose text fields are checked by name, in {@link bidTextProblem}). */
type OtherCommandType = Exclude<AuctionCommand['type'], 'PlaceBid' | 'SetMaxBid'>;

/** The text fields of each command other than a bid, with their longest length. */
const TEXT_FIELDS: Readonly<Record<OtherCommandType, readonly (readonly [string, number])[]>> = {
  OpenAuction: [
    ['auctionId', MAX_ID_LENGTH],
    ['sellerId', MAX_ID_LENGTH],
    ['currency', MAX_ID_LENGTH],
    ['belowReserve', MAX_ID_LENGTH],
  ],
  BuyNow: [
    ['auctionId', MAX_ID_LENGTH],
    ['buyerId', MAX_ID_LENGTH],
  ],
  CloseAuction: [['auctionId', MAX_ID_LENGTH]],
  CancelAuction: [
    ['auctionId', MAX_ID_LENGTH],
    ['by', MAX_ID_LENGTH],
    ['reason', MAX_TEXT_LENGTH],
  ],
  RetractBid: [
    ['auctionId', MAX_ID_LENGTH],
    ['bidderId', MAX_ID_LENGTH],
    ['reason', MAX_ID_LENGTH],
  ],
};

const invalid = (field: string, why: string): Rejected<'INVALID_COMMAND'> =>
  rejected('INVALID_COMMAND', `${field} ${why}`, { field });

const invalidText = (field: string, problem: TextProblem): Rejected<'INVALID_COMMAND'> =>
  rejected(
    'INVALID_COMMAND',
    `${field} ${problem.why}`,
    problem.atMost === undefined ? { field } : { field, atMost: problem.atMost },
  );

/** The text fields of a bid, checked by name (bids are the hot path). */
const bidTextProblem = (data: {
  readonly auctionId: string;
  readonly bidderId: string;
  readonly bidId?: string;
}): Rejected<'INVALID_COMMAND'> | null => {
  let problem = textProblem(data.auctionId, MAX_ID_LENGTH);
  if (problem !== null) return invalidText('data.auctionId', problem);
  problem = textProblem(data.bidderId, MAX_ID_LENGTH);
  if (problem !== null) return invalidText('data.bidderId', problem);
  if (data.bidId === undefined) return null;
  problem = textProblem(data.bidId, MAX_ID_LENGTH);
  return problem === null ? null : invalidText('data.bidId', problem);
};

/**
 * A snapshot of the input in plain values, each field read once (a getter runs once, and nothing the
 * caller does later changes the copy). A bid's four fields are read by name (the hot path); any other
 * command's `data` is copied whole with `structuredClone` (a deep copy of plain data).
 */
const snapshot = (input: unknown): unknown => {
  if (!isObject(input)) return input;
  const type = input.type;
  const data = input.data;
  if (!isObject(data)) return { type, data };
  if (type === 'PlaceBid')
    return {
      type,
      data: { auctionId: data.auctionId, bidderId: data.bidderId, amount: data.amount, bidId: data.bidId },
    };
  if (type === 'SetMaxBid')
    return {
      type,
      data: {
        auctionId: data.auctionId,
        bidderId: data.bidderId,
        maxAmount: data.maxAmount,
        bidId: data.bidId,
      },
    };
  return { type, data: structuredClone(data) };
};

/**
 * Validates anything handed to `execute` and copies it, so a caller's getter or later mutation changes
 * nothing: the shape (`commandShapeProblem`), then every text field (ids at most {@link MAX_ID_LENGTH}
 * characters, a reason at most {@link MAX_TEXT_LENGTH}, well-formed Unicode, no control characters),
 * each read once; a rejection names the field and never repeats its value. A bid without a `bidId`
 * gets a random one here, once, so that re-deciding it after a conflict keeps the same event ids (the
 * decider's own default, for `decide` alone, is never used on this path). Never throws.
 */
export const normalizeCommand = (input: unknown): NormalizedCommand | Rejected => {
  let plain: unknown;
  try {
    plain = snapshot(input);
  } catch (error) {
    return invalid('command', `could not be read: ${thrownText(error)}`);
  }
  const shape = commandShapeProblem(plain);
  if (shape !== null) return rejected('INVALID_COMMAND', shape.message, { field: shape.field });
  const command = plain as AuctionCommand;
  if (command.type !== 'PlaceBid' && command.type !== 'SetMaxBid') {
    const data = command.data as Fields;
    for (const [name, maxLength] of TEXT_FIELDS[command.type]) {
      const value = data[name];
      if (value === undefined) continue;
      const problem = textProblem(value as string, maxLength);
      if (problem !== null) return invalidText(`data.${name}`, problem);
    }
    return { command, auctionId: command.data.auctionId, key: { commandId: globalThis.crypto.randomUUID() } };
  }
  const problem = bidTextProblem(command.data);
  if (problem !== null) return problem;
  const { auctionId, bidId: given } = command.data;
  if (given !== undefined) return { command, auctionId, key: { bidId: given } };
  const bidId = globalThis.crypto.randomUUID();
  const withId: AuctionCommand =
    command.type === 'PlaceBid'
      ? { type: 'PlaceBid', data: { ...command.data, bidId } }
      : { type: 'SetMaxBid', data: { ...command.data, bidId } };
  return { command: withId, auctionId, key: { bidId } };
};
