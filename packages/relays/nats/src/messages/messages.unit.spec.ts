import { auctionIdOfToken, type RecordedEvent, recordedEventToJson } from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRelayedEvent } from '../consuming/decodeRelayedEvent';
import { subjectCovers } from '../publishing/subjectCovers';
import { eventMessage } from './eventMessage';
import { headerText } from './headerText';
import { relaySubjectFilter } from './relaySubjectFilter';

const bid = (auctionId: string, overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  type: 'BidPlaced',
  data: { auctionId, bidId: 'b-1', bidderId: 'alice', amount: 1_500, at: 1_000 },
  metadata: { schemaVersion: 2 },
  eventId: 'e-1',
  streamName: `auction-${auctionId}`,
  streamVersion: 3,
  globalPosition: 17n,
  recordedAt: 1_001,
  ...overrides,
});

/** True when a text holds a control character (C0, DEL or C1). */
const hasControl = (text: string): boolean =>
  [...text].some((character) => {
    const code = character.codePointAt(0) as number;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

/** Auction ids the command service accepts: no control characters, no lone surrogates. */
const serviceId = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .filter((id) => !hasControl(id));

describe('eventMessage', () => {
  it('writes the subject, the message id, the Gavel headers and the JSON body', () => {
    const message = eventMessage(bid('lot 42.*'), 'gavel');
    expect(message.subject).toBe('gavel.BidPlaced.lot%2042%2E%2A');
    expect(message.msgId).toBe('auction-lot 42.*@3');
    expect(message.headers).toEqual([
      ['Gavel-Stream', 'auction-lot 42.*'],
      ['Gavel-Version', '3'],
      ['Gavel-Position', '17'],
    ]);
    expect(JSON.parse(message.body)).toEqual({
      ...recordedEventToJson(bid('lot 42.*')),
      globalPosition: '17',
    });
  });

  it('for any id the service accepts: one subject token for the id, the literal message id, a body that decodes back', () => {
    fc.assert(
      fc.property(serviceId, fc.integer({ min: 1, max: 10_000 }), (auctionId, version) => {
        const event = bid(auctionId, {
          streamVersion: version,
          data: { ...(bid(auctionId).data as object), auctionId },
        });
        const message = eventMessage(event, 'acme.gavel');
        const tokens = message.subject.split('.');
        expect(tokens.slice(0, 3)).toEqual(['acme', 'gavel', 'BidPlaced']);
        expect(tokens).toHaveLength(4);
        expect(tokens[3]).toMatch(/^[A-Za-z0-9_%~-]+$/);
        if (!tokens[3]?.includes('~')) expect(auctionIdOfToken(tokens[3] as string)).toBe(auctionId);
        expect(message.msgId).toBe(`auction-${auctionId}@${version}`);
        const decoded = decodeRelayedEvent(message.body);
        expect(decoded).toEqual({ ok: true, value: event });
      }),
    );
  });

  it('escapes an event type that is not subject-safe', () => {
    expect(eventMessage(bid('x', { type: 'Odd.Type *' }), 'gavel').subject).toBe('gavel.Odd%2EType%20%2A.x');
  });
});

describe('headerText', () => {
  it('keeps any text without control characters or white space at its ends', () => {
    fc.assert(
      fc.property(serviceId, (text) => {
        fc.pre(text.trim() === text);
        expect(headerText(text)).toBe(text);
      }),
    );
  });

  it('makes any text a valid header value: no control character, nothing a client would trim', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string(), (a, b) => {
        const value = headerText(`${a}${b}`);
        expect([...value].some((c) => c < ' ' || c === '\u007F')).toBe(false);
        expect(value.trim()).toBe(value);
      }),
    );
    expect(headerText('auction-x\r\n ')).toBe('auction-x%0D%0A%20');
  });
});

describe('decodeRelayedEvent', () => {
  it('refuses what is not a relayed event, and tells an unknown type apart', () => {
    expect(decodeRelayedEvent('nope')).toMatchObject({ ok: false, code: 'NOT_A_GAVEL_MESSAGE' });
    expect(decodeRelayedEvent('{"type":"BidPlaced"}')).toMatchObject({
      ok: false,
      code: 'NOT_A_GAVEL_MESSAGE',
    });
    const future = JSON.stringify({ ...recordedEventToJson(bid('a')), type: 'BidWithdrawnSomeday' });
    expect(decodeRelayedEvent(future)).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT_TYPE' });
  });

  it('upcasts an event written in an older schema', () => {
    const old = {
      ...recordedEventToJson(bid('a')),
      metadata: undefined,
      data: { auctionId: 'a', bidderId: 'x', amount: 5, at: 1 },
    };
    const decoded = decodeRelayedEvent(new TextEncoder().encode(JSON.stringify(old)));
    expect(decoded.ok && decoded.value.type === 'BidPlaced' && decoded.value.data.bidId).toBe('e-1');
  });
});

describe('subjects', () => {
  it('relaySubjectFilter writes the filters a consumer needs', () => {
    expect(relaySubjectFilter()).toBe('gavel.*.*');
    expect(relaySubjectFilter({ type: 'AuctionClosed' })).toBe('gavel.AuctionClosed.*');
    expect(relaySubjectFilter({ subjectPrefix: 'acme', auctionId: 'lot 42.*' })).toBe(
      'acme.*.lot%2042%2E%2A',
    );
  });

  it.each([
    ['gavel.>', 'gavel.>', true],
    ['>', 'acme.gavel.>', true],
    ['gavel.*.*', 'gavel.>', false],
    ['gavel.*', 'gavel.>', false],
    ['acme.>', 'gavel.>', false],
    ['*.>', 'gavel.>', true],
    ['gavel.a.>', 'gavel.>', false],
  ])('subjectCovers(%s, %s) is %s', (pattern, subject, covers) => {
    expect(subjectCovers(pattern, subject)).toBe(covers);
  });
});
