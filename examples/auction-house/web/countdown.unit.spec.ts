import { describe, expect, it } from 'vitest';
import { countdownText } from './countdown';

describe('countdownText', () => {
  it.each([
    [0, '0:00 (ended)'],
    [-5000, '0:00 (ended)'],
    [1, '0:01'],
    [59_001, '1:00'],
    [245_000, '4:05'],
    [3_723_000, '1:02:03'],
    [2 * 86_400_000 + 3_723_000, '2d 01:02:03'],
  ])('%i ms left shows %s', (left, text) => {
    expect(countdownText(1_000_000 + left, 1_000_000)).toBe(text);
  });
});
