import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText, MAX_JSON_DEPTH, unstorableJsonProblem } from './storableText';

describe('isStorableText', () => {
  it('accepts every well-formed string without U+0000, control characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!text.includes('\u0000'));
        expect(isStorableText(text)).toBe(true);
      }),
    );
    expect(isStorableText('\u0001\u001f\u007f\u0085\u009f\u2028\ufeff\ufffd😀')).toBe(true);
  });

  it('refuses U+0000 and every lone surrogate, wherever it is', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
        fc.string({ unit: 'grapheme' }),
        (before, bad, after) => {
          // A high surrogate right before a low one would pair up: keep the bad one alone.
          fc.pre(!/[\ud800-\udbff]$/.test(before) && !/^[\udc00-\udfff]/.test(after));
          expect(isStorableText(`${before}${bad}${after}`)).toBe(false);
        },
      ),
    );
    expect(isStorableText('\udc00\ud800')).toBe(false);
    expect(isStorableText('\ud83d\ude00')).toBe(true);
  });
});

describe('unstorableJsonProblem', () => {
  it('accepts JSON data with storable strings and keys', () => {
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: 'small' }), (value) => {
        fc.pre(!JSON.stringify(value).includes('\\u0000') && !JSON.stringify(value).match(/\\ud[89a-f]/i));
        expect(unstorableJsonProblem(value, 'data')).toBeNull();
      }),
    );
    expect(unstorableJsonProblem({ a: undefined, b: [1, null, true] }, 'data')).toBeNull();
  });

  it('names the path of the first bad part, without quoting it', () => {
    expect(unstorableJsonProblem({ a: 1, b: [{ c: 'x\u0000' }] }, 'events[0].data')).toBe(
      'events[0].data.b[0].c must be well-formed text without U+0000',
    );
    expect(unstorableJsonProblem({ '\ud800': 1 }, 'data')).toBe(
      'a key in data must be well-formed text without U+0000',
    );
    expect(unstorableJsonProblem({ n: Number.NaN }, 'data')).toBe('data.n must be a finite number');
    expect(unstorableJsonProblem({ n: 1n }, 'data')).toBe('data.n must be JSON data (not a bigint)');
    expect(unstorableJsonProblem({ f: () => 1 }, 'data')).toBe('data.f must be JSON data (not a function)');
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}, and so a cycle`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(unstorableJsonProblem(deep, 'data')).toBeNull();
    expect(unstorableJsonProblem([deep], 'data')).toMatch(/nested more than 64 deep/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(unstorableJsonProblem(cycle, 'data')).toMatch(/nested more than 64 deep/);
  });
});
