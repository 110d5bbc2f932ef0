/**
 * Strings that must never reach an event store through the command service, each with a name for test
 * reports: U+0000, other C0 and C1 control characters, lone and reversed surrogates, and text longer
 * than the service's limits (a 10 KB id, a 129-character id, a 501-character reason). The service
 * answers a command holding one in any id or text field `INVALID_COMMAND`.
 */
export const HOSTILE_STRINGS: readonly (readonly [name: string, text: string])[] = [
  ['U+0000', '\u0000'],
  ['U+0000 inside', 'bid\u0000x'],
  ['a tab', 'a\tb'],
  ['a newline', 'a\nb'],
  ['ESC (an ANSI colour)', '\u001b[31mred'],
  ['U+001F', '\u001f'],
  ['DEL', 'a\u007f'],
  ['U+0085 (C1 next line)', 'a\u0085b'],
  ['U+009F', '\u009f'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
  ['a high surrogate at the end', 'bid\udbff'],
  ['a reversed pair', '\udc00\ud800'],
  ['129 characters', 'x'.repeat(129)],
  ['a 10 KB id', 'x'.repeat(10_240)],
  ['501 characters', 'r'.repeat(501)],
];

/** A value whose getter answers `first` on the first read and `later` on every read after it. */
const changing = (first: unknown, later: unknown): { readonly value: unknown } => {
  let reads = 0;
  return {
    get value() {
      reads++;
      return reads === 1 ? first : later;
    },
  };
};

/**
 * Fresh hostile inputs to `execute` for bids on `auctionId` (fresh: some hold getters that count their
 * reads). Each is answered `INVALID_COMMAND` by the command service, whatever the store, and harms no
 * other command of its batch:
 * - bids with each of {@link HOSTILE_STRINGS} as the bidder id, as the bid id and inside the auction id;
 * - a getter that gives a hostile value on the first read and an honest one after (a service that
 *   checked one read and used another would let the honest-looking one through unchecked);
 * - a getter that throws, a `Proxy` that throws on every access, and wrong types.
 * Plain values: no test runner and no property-testing library is needed to use them.
 */
export const hostileBids = (auctionId: string): unknown[] => {
  const bids: unknown[] = [];
  HOSTILE_STRINGS.forEach(([, text], n) => {
    bids.push(
      { type: 'PlaceBid', data: { auctionId, bidderId: text, amount: 1_000_000, bidId: `hostile-b${n}` } },
      { type: 'SetMaxBid', data: { auctionId, bidderId: 'mallory', maxAmount: 1_000_000, bidId: text } },
      {
        type: 'PlaceBid',
        data: { auctionId: `${auctionId}${text}`, bidderId: 'mallory', amount: 1_000_000 },
      },
    );
  });
  const firstHostile = changing('\u0000', 'mallory');
  bids.push({
    type: 'SetMaxBid',
    data: {
      auctionId,
      get bidderId() {
        return firstHostile.value;
      },
      maxAmount: 1_000_000,
      bidId: 'hostile-getter',
    },
  });
  bids.push({
    type: 'PlaceBid',
    data: {
      auctionId,
      bidderId: 'mallory',
      get amount(): number {
        throw new Error('x'.repeat(100_000));
      },
    },
  });
  bids.push(
    new Proxy(
      {},
      {
        get() {
          throw new Error('no');
        },
      },
    ),
  );
  bids.push(
    { type: 'PlaceBid', data: { auctionId, bidderId: 42, amount: 1_000_000 } },
    { type: 'PlaceBid', data: { auctionId, bidderId: 'mallory', amount: '1000000' } },
    { type: 'SetMaxBid', data: { auctionId, bidderId: 'mallory', maxAmount: 1_000_000, bidId: '' } },
    { type: 'PlaceBid', data: [auctionId, 'mallory', 1_000_000] },
  );
  return bids;
};
