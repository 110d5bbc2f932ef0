import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import { textProblem, thrownText } from './commandText';

const CONTROL = 'must not hold control characters (U+0000–U+001F, U+007F–U+009F)';
const LONE_SURROGATE = 'must be well-formed Unicode (it holds a lone surrogate)';

/** A naive reading of the rule, by code point: the first control character or lone surrogate decides. */
const naiveProblem = (value: string, maxLength: number): string | null => {
  if (value.length > maxLength) return `must be at most ${maxLength} characters, not ${value.length}`;
  for (const char of value) {
    const c = char.codePointAt(0) as number;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return CONTROL;
    if (char.length === 1 && c >= 0xd800 && c <= 0xdfff) return LONE_SURROGATE;
  }
  return null;
};

/** Code units near every edge of the rule. */
const edgeUnit = fc.constantFrom(
  0x00,
  0x1f,
  0x20,
  0x41,
  0x7e,
  0x7f,
  0x80,
  0x9f,
  0xa0,
  0xe9,
  0xd7ff,
  0xd800,
  0xdbff,
  0xdc00,
  0xdfff,
  0xe000,
  0xfffd,
);

describe('textProblem', () => {
  it('agrees with a naive reading of the rule, code unit by code unit near every edge', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(edgeUnit, fc.integer({ min: 0, max: 0xffff })), { maxLength: 12 }),
        fc.integer({ min: 0, max: 14 }),
        (units, maxLength) => {
          const value = String.fromCharCode(...units);
          expect(textProblem(value, maxLength)?.why ?? null).toBe(naiveProblem(value, maxLength));
        },
      ),
      seeded(2_000),
    );
  });

  it('takes a text of exactly the longest length, and names the bound and the length of a longer one', () => {
    expect(textProblem('x'.repeat(128), 128)).toBeNull();
    expect(textProblem('x'.repeat(129), 128)).toEqual({
      why: 'must be at most 128 characters, not 129',
      atMost: 128,
    });
    expect(textProblem('', 0)).toBeNull();
  });

  it('refuses each C0 and C1 control character and takes the characters beside them', () => {
    for (const c of [0x00, 0x0a, 0x1f, 0x7f, 0x85, 0x9f])
      expect(textProblem(`a${String.fromCharCode(c)}b`, 10)).toEqual({ why: CONTROL });
    for (const c of [0x20, 0x7e, 0xa0]) expect(textProblem(`a${String.fromCharCode(c)}b`, 10)).toBeNull();
  });

  it('takes a surrogate pair and refuses a lone surrogate wherever it is', () => {
    expect(textProblem('a\ud83d\ude00b', 10)).toBeNull();
    expect(textProblem('\udbff\udfff', 10)).toBeNull();
    expect(textProblem('\ud800\udc00', 10)).toBeNull();
    for (const lone of [
      '\ud800',
      'a\ud83d',
      '\ud83da',
      '\ude00',
      '\ude00\ud83d',
      '\udc00x',
      '\udfff',
      '\ud800\ud800',
    ])
      expect(textProblem(lone, 10)).toEqual({ why: LONE_SURROGATE });
    expect(textProblem('\ud7ff\ue000', 10)).toBeNull();
  });

  it('reads the unit after a pair afresh', () => {
    expect(textProblem('\ud83d\ude00\u0001', 10)).toEqual({ why: CONTROL });
    expect(textProblem('\ud83d\ude00\ude00', 10)).toEqual({ why: LONE_SURROGATE });
  });
});

describe('thrownText', () => {
  it('describes an error by its name and message, anything else as a string', () => {
    expect(thrownText(new TypeError('bad'))).toBe('TypeError: bad');
    expect(thrownText('plain')).toBe('plain');
    expect(thrownText(42)).toBe('42');
    expect(thrownText(undefined)).toBe('undefined');
  });

  it('keeps a text of up to 80 characters whole and cuts a longer one to 80 and an ellipsis', () => {
    expect(thrownText('x'.repeat(80))).toBe('x'.repeat(80));
    expect(thrownText('x'.repeat(81))).toBe(`${'x'.repeat(80)}…`);
    expect(thrownText(new Error('y'.repeat(500)))).toBe(`Error: ${'y'.repeat(73)}…`);
  });

  it('answers a thrown value that cannot be turned into text', () => {
    expect(thrownText(Object.create(null))).toBe('an unprintable error');
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(thrownText(hostile)).toBe('an unprintable error');
    const error = new Error('x');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(thrownText(error)).toBe('an unprintable error');
  });
});
