import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './clientMessage';

const parse = (value: unknown, isBinary = false) =>
  parseClientMessage(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), isBinary);

describe('parseClientMessage', () => {
  it('accepts subscribe (with or without afterVersion; null is absent) and unsubscribe', () => {
    expect(parse({ type: 'subscribe', auctionId: 'a' })).toEqual({
      ok: true,
      message: { type: 'subscribe', auctionId: 'a' },
    });
    expect(parse({ type: 'subscribe', auctionId: 'a', afterVersion: 0 })).toMatchObject({
      ok: true,
      message: { afterVersion: 0 },
    });
    const withNull = parse({ type: 'subscribe', auctionId: 'a', afterVersion: null });
    expect(withNull.ok && withNull.message.type === 'subscribe' && withNull.message.afterVersion).toBe(
      undefined,
    );
    expect(parse({ type: 'unsubscribe', auctionId: 'a' })).toMatchObject({ ok: true });
  });

  it('refuses binary frames, bad JSON, unknown types and fields, bad versions, naming the field', () => {
    expect(parse({ type: 'subscribe', auctionId: 'a' }, true)).toMatchObject({ ok: false });
    expect(parse('{')).toMatchObject({ ok: false, message: 'the frame is not valid JSON' });
    expect(parse({ type: 'bid' })).toMatchObject({ ok: false, field: 'type' });
    expect(parse({ type: 'subscribe', auctionId: 'a', x: 1 })).toMatchObject({ ok: false });
    expect(parse({ type: 'subscribe', auctionId: 'a', afterVersion: -1 })).toMatchObject({
      ok: false,
      field: 'afterVersion',
    });
    expect(parse({ type: 'subscribe', auctionId: 'a', afterVersion: 2 ** 53 })).toMatchObject({ ok: false });
    expect(parse({ type: 'subscribe', auctionId: 'a'.repeat(201) })).toMatchObject({
      ok: false,
      field: 'auctionId',
    });
    expect(parse('null')).toMatchObject({ ok: false });
  });

  it('takes an auction id as the engine does, naming the rule broken and never the value', () => {
    expect(parse({ type: 'subscribe', auctionId: 'x'.repeat(128) })).toMatchObject({ ok: true });
    expect(parse({ type: 'unsubscribe', auctionId: 'lot-\u{1F600}' })).toMatchObject({ ok: true });
    const refused: [string, RegExp][] = [
      ['', /must not be empty/],
      ['y'.repeat(129), /at most 128 characters/],
      ['lot\u0000', /control characters/],
      ['lot\u0085', /control characters/],
      ['lot\ud800', /well-formed Unicode/],
      ['\udc00lot', /well-formed Unicode/],
    ];
    for (const [auctionId, why] of refused) {
      const parsed = parse({ type: 'subscribe', auctionId });
      expect(parsed).toMatchObject({ ok: false, field: 'auctionId', message: expect.stringMatching(why) });
      if (auctionId !== '') expect(parsed.ok || parsed.message.includes(auctionId)).toBe(false);
    }
    expect(parse({ type: 'unsubscribe', auctionId: 'a\tb' })).toMatchObject({
      ok: false,
      field: 'auctionId',
    });
  });
});
