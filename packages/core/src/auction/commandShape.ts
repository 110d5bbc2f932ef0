import type { AuctionCommand } from './commands';

type Fields = Readonly<Record<string, unknown>>;
type FieldKind = 'string' | 'number' | 'object' | 'any';
type Spec = Readonly<Record<string, readonly [kind: FieldKind, required: boolean]>>;
type Field = readonly [name: string, kind: FieldKind, required: boolean];

const S = (required = true) => ['string', required] as const;
const N = (required = true) => ['number', required] as const;

const specs: Readonly<Record<AuctionCommand['type'], Spec>> = {
  OpenAuction: {
    auctionId: S(),
    sellerId: S(),
    currency: S(),
    startingPrice: N(),
    endsAt: N(),
    startsAt: N(false),
    reservePrice: N(false),
    buyNowPrice: N(false),
    increments: ['any', false],
    softClose: ['object', false],
    belowReserve: S(false),
    maxAmount: N(false),
    // An object or null: checked by the rules.
    retraction: ['any', false],
  },
  PlaceBid: { auctionId: S(), bidderId: S(), amount: N(), bidId: S(false) },
  SetMaxBid: { auctionId: S(), bidderId: S(), maxAmount: N(), bidId: S(false) },
  BuyNow: { auctionId: S(), buyerId: S() },
  CloseAuction: { auctionId: S() },
  CancelAuction: { auctionId: S(), by: S(), reason: S(false) },
  RetractBid: { auctionId: S(), bidderId: S(), reason: S() },
};

/** The specs as arrays, so that the check is a plain loop (it runs on every command). */
const fieldsByType: ReadonlyMap<string, readonly Field[]> = new Map(
  Object.entries(specs).map(([type, spec]) => [
    type,
    Object.entries(spec).map(([name, [kind, required]]) => [name, kind, required] as const),
  ]),
);

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;

/** A wrong field: its path from the command (`type`, `data`, `data.amount`; `command` for the whole) and why. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const problem = (field: string, why: string): FieldProblem => ({ field, message: `${field} ${why}` });
const TYPES = Object.keys(specs).join(', ');

/**
 * Checks that a value has the shape of an {@link AuctionCommand}: a known `type` and `data` whose fields
 * have the right JavaScript types (ids non-empty strings). Amounts and times are only checked to be
 * numbers here; the rules check their values.
 * @returns null when the shape is right, or the first wrong field with a message that names it.
 */
export const commandShapeProblem = (command: unknown): FieldProblem | null => {
  if (!isObject(command)) return problem('command', 'must be an object { type, data }');
  const type = command.type;
  const fields = typeof type === 'string' ? fieldsByType.get(type) : undefined;
  if (fields === undefined) return problem('type', `must be one of ${TYPES}`);
  const data = command.data;
  if (!isObject(data)) return problem('data', 'must be an object');
  for (const [field, kind, required] of fields) {
    const value = data[field];
    if (value === undefined) {
      if (required) return problem(`data.${field}`, 'is required');
      continue;
    }
    if (kind === 'string' && (typeof value !== 'string' || value.length === 0))
      return problem(`data.${field}`, 'must be a non-empty string');
    if (kind === 'number' && typeof value !== 'number') return problem(`data.${field}`, 'must be a number');
    if (kind === 'object' && !isObject(value)) return problem(`data.${field}`, 'must be an object');
  }
  return null;
};
