import { describe, expect, it } from 'vitest';
import { bidderLabel } from './bidderLabel';

describe('bidderLabel', () => {
  it('says you for the reader, the masked id for anyone else, a dash for no one', () => {
    expect(bidderLabel('me000000', 'me000000')).toBe('you');
    expect(bidderLabel('other000', 'me000000')).toBe('other000');
    expect(bidderLabel('other000', undefined)).toBe('other000');
    expect(bidderLabel(null, 'me000000')).toBe('—');
    expect(bidderLabel(null, undefined)).toBe('—');
  });
});
