import { describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from '../testing/hostileInput';
import { openAuction, placeBid } from './commandFixtures';
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH } from './commandText';
import { normalizeCommand } from './normalizeCommand';

const invalidField = (input: unknown) => {
  const result = normalizeCommand(input);
  expect(result).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
  const { message, details } = result as { message: string; details: { field: string } };
  return { message, field: details.field };
};

/** Every text field of every command, as a function of the value to put in it. */
const TEXT_FIELDS: readonly (readonly [string, (text: string) => unknown])[] = [
  ['data.auctionId', (text) => placeBid(text, 'ann', 100)],
  ['data.bidderId', (text) => placeBid('a1', text, 100)],
  ['data.bidId', (text) => placeBid('a1', 'ann', 100, text)],
  [
    'data.bidderId',
    (text) => ({ type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: text, maxAmount: 9 } }),
  ],
  [
    'data.bidId',
    (text) => ({ type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'x', maxAmount: 9, bidId: text } }),
  ],
  ['data.auctionId', (text) => openAuction(text)],
  ['data.sellerId', (text) => openAuction('a1', { sellerId: text })],
  ['data.currency', (text) => openAuction('a1', { currency: text })],
  ['data.belowReserve', (text) => openAuction('a1', { belowReserve: text as 'proxy' })],
  ['data.buyerId', (text) => ({ type: 'BuyNow', data: { auctionId: 'a1', buyerId: text } })],
  ['data.auctionId', (text) => ({ type: 'CloseAuction', data: { auctionId: text } })],
  ['data.by', (text) => ({ type: 'CancelAuction', data: { auctionId: 'a1', by: text } })],
  ['data.auctionId', (text) => ({ type: 'BuyNow', data: { auctionId: text, buyerId: 'bea' } })],
  ['data.auctionId', (text) => ({ type: 'CancelAuction', data: { auctionId: text, by: 'seller' } })],
  [
    'data.auctionId',
    (text) => ({ type: 'SetMaxBid', data: { auctionId: text, bidderId: 'x', maxAmount: 9 } }),
  ],
];

describe('normalizeCommand', () => {
  it('refuses every hostile string in every id and text field, naming the field, never echoing the value', () => {
    for (const [field, command] of TEXT_FIELDS)
      for (const [name, text] of HOSTILE_STRINGS) {
        if (text.length > MAX_ID_LENGTH) {
          const answer = invalidField(command(text));
          expect(answer.field, `${name} in ${field}`).toBe(field);
          expect(answer.message).toContain(`at most ${MAX_ID_LENGTH} characters`);
          continue;
        }
        const answer = invalidField(command(text));
        expect(answer.field, `${name} in ${field}`).toBe(field);
        expect(answer.message.startsWith(field), answer.message).toBe(true);
        expect(answer.message).not.toContain(text);
      }
  });

  it('takes ids of up to 128 characters and reasons of up to 500, with any well-formed text', () => {
    const id = `${'é😀'.repeat(42)}ab`; // 128 UTF-16 code units, surrogate pairs included
    expect(id.length).toBe(MAX_ID_LENGTH);
    expect(normalizeCommand(placeBid(id, id, 100, id))).toMatchObject({ auctionId: id, key: { bidId: id } });
    const reason = 'r'.repeat(MAX_TEXT_LENGTH);
    const cancel = { type: 'CancelAuction', data: { auctionId: 'a1', by: 'seller', reason } };
    expect(normalizeCommand(cancel)).toMatchObject({ command: cancel });
    expect(invalidField({ ...cancel, data: { ...cancel.data, reason: `${reason}r` } })).toMatchObject({
      field: 'data.reason',
    });
    expect(invalidField({ ...cancel, data: { ...cancel.data, reason: 'a\u0000' } }).field).toBe(
      'data.reason',
    );
    expect(normalizeCommand({ ...cancel, data: { ...cancel.data, reason: 'x'.repeat(129) } })).toHaveProperty(
      'command',
    );
  });

  it('reads each field once: a getter that changes cannot pass one value to the check and another to the event', () => {
    let reads = 0;
    const bid = {
      type: 'PlaceBid',
      data: {
        auctionId: 'a1',
        get bidderId() {
          reads++;
          return reads === 1 ? 'ann' : '\u0000';
        },
        amount: 100,
        bidId: 'b1',
      },
    };
    const result = normalizeCommand(bid);
    expect(result).toMatchObject({ command: { data: { bidderId: 'ann' } } });
    expect(reads).toBe(1);
    reads = 0;
    const hostileFirst = normalizeCommand({
      type: 'PlaceBid',
      data: {
        auctionId: 'a1',
        get bidderId() {
          reads++;
          return reads === 1 ? '\u0000' : 'ann';
        },
        amount: 100,
      },
    });
    expect(hostileFirst).toMatchObject({ code: 'INVALID_COMMAND', details: { field: 'data.bidderId' } });
    let openReads = 0;
    const open = openAuction('a1');
    const opened = normalizeCommand({
      type: 'OpenAuction',
      data: {
        ...open.data,
        get sellerId() {
          openReads++;
          return openReads === 1 ? 'sam' : '\u0000';
        },
      },
    });
    expect(opened).toMatchObject({ command: { data: { sellerId: 'sam' } } });
    expect(openReads).toBe(1);
  });

  it('copies the command: changing the caller’s object afterwards changes nothing', () => {
    const open = openAuction('a1', { softClose: { windowMs: 10, extendMs: 10 } });
    const result = normalizeCommand(open);
    (open.data.increments as unknown as { increment: number }[])[0] = { increment: 1 } as never;
    (open.data.softClose as { windowMs: number }).windowMs = 99;
    expect(result).toMatchObject({
      command: { data: { increments: [{ from: 0, increment: 50 }], softClose: { windowMs: 10 } } },
    });
  });

  it('answers a command that throws when read with a short message', () => {
    const answer = invalidField({
      type: 'PlaceBid',
      data: {
        auctionId: 'a1',
        bidderId: 'ann',
        get amount(): number {
          throw new Error('x'.repeat(1_000_000));
        },
      },
    });
    expect(answer.field).toBe('command');
    expect(answer.message.length).toBeLessThan(200);
    const unprintable = invalidField({
      get type() {
        throw {
          toString: () => {
            throw new Error('again');
          },
        };
      },
    });
    expect(unprintable.message).toContain('unprintable');
  });

  it('gives a bid without bidId a random one, and other commands a random command id', () => {
    const first = normalizeCommand(placeBid('a1', 'ann', 100));
    const second = normalizeCommand(placeBid('a1', 'ann', 100));
    expect(first).toMatchObject({ key: { bidId: expect.any(String) } });
    expect((first as { key: { bidId: string } }).key.bidId).not.toBe(
      (second as { key: { bidId: string } }).key.bidId,
    );
    expect(first).toMatchObject({
      command: { data: { bidId: (first as { key: { bidId: string } }).key.bidId } },
    });
    expect(normalizeCommand(openAuction('a1'))).toMatchObject({ key: { commandId: expect.any(String) } });
  });

  it('refuses a bad reason of a cancellation, naming data.reason, and says the bound of a long one', () => {
    const cancel = (reason: string) => ({
      type: 'CancelAuction',
      data: { auctionId: 'a1', by: 'seller', reason },
    });
    expect(normalizeCommand(cancel('no\u0007'))).toStrictEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message: 'data.reason must not hold control characters (U+0000–U+001F, U+007F–U+009F)',
      details: { field: 'data.reason' },
    });
    expect(normalizeCommand(cancel('\ud800'))).toMatchObject({ details: { field: 'data.reason' } });
    expect(normalizeCommand(cancel('r'.repeat(501)))).toEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message: 'data.reason must be at most 500 characters, not 501',
      details: { field: 'data.reason', atMost: 500 },
    });
    expect(normalizeCommand(placeBid('a1', 'ann\u0000', 100))).toStrictEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message: 'data.bidderId must not hold control characters (U+0000–U+001F, U+007F–U+009F)',
      details: { field: 'data.bidderId' },
    });
  });

  it('says what is wrong with something that is not a command, in the shape check’s words', () => {
    expect(normalizeCommand(null)).toEqual({
      ok: false,
      code: 'INVALID_COMMAND',
      message: 'command must be an object { type, data }',
      details: { field: 'command' },
    });
    for (const data of [null, 7, 'x', undefined])
      for (const type of ['PlaceBid', 'SetMaxBid', 'OpenAuction'])
        expect(normalizeCommand({ type, data })).toEqual({
          ok: false,
          code: 'INVALID_COMMAND',
          message: 'data must be an object',
          details: { field: 'data' },
        });
  });

  it('reads a bid’s four fields by name: other fields are neither read nor copied', () => {
    let read = 0;
    const input = {
      type: 'SetMaxBid',
      data: {
        auctionId: 'a1',
        bidderId: 'ann',
        maxAmount: 500,
        bidId: 'm-1',
        note: () => 'a function, which structuredClone would refuse',
        get other() {
          read++;
          return 1;
        },
      },
    };
    expect(normalizeCommand(input)).toEqual({
      command: {
        type: 'SetMaxBid',
        data: { auctionId: 'a1', bidderId: 'ann', maxAmount: 500, bidId: 'm-1' },
      },
      auctionId: 'a1',
      key: { bidId: 'm-1' },
    });
    const bid = { ...input, type: 'PlaceBid', data: { ...input.data, amount: 100 } };
    expect(normalizeCommand(bid)).toMatchObject({
      command: { type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'ann', amount: 100, bidId: 'm-1' } },
    });
    expect(Object.keys((normalizeCommand(bid) as { command: { data: object } }).command.data).sort()).toEqual(
      ['amount', 'auctionId', 'bidId', 'bidderId'],
    );
    expect(read).toBe(1); // once, by the spread above: never by normalizeCommand
  });

  it('gives a max bid without bidId a random one, keeping it a max bid', () => {
    const result = normalizeCommand({
      type: 'SetMaxBid',
      data: { auctionId: 'a1', bidderId: 'ann', maxAmount: 500 },
    });
    const bidId = (result as { key: { bidId: string } }).key.bidId;
    expect(bidId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result).toEqual({
      command: { type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'ann', maxAmount: 500, bidId } },
      auctionId: 'a1',
      key: { bidId },
    });
  });

  it('keys any other command by a fresh random command id, and keeps its auction', () => {
    const first = normalizeCommand(openAuction('a9')) as { auctionId: string; key: { commandId: string } };
    const second = normalizeCommand(openAuction('a9')) as { key: { commandId: string } };
    expect(first.auctionId).toBe('a9');
    expect(first.key.commandId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.key.commandId).not.toBe(second.key.commandId);
  });
});
