import { describe, expect, it } from 'vitest';
import { createPromiseCapture } from './promiseCapture';

describe('createPromiseCapture', () => {
  it('hands over the functions of the promise made last, and each capture keeps its own', async () => {
    // Arrange
    const first = createPromiseCapture<string>();
    const second = createPromiseCapture<string>();
    // Act
    const a = new Promise<string>(first.executor);
    const resolveA = first.resolve;
    const b = new Promise<string>(second.executor);
    const rejectB = second.reject;
    resolveA('a');
    rejectB(new Error('b'));
    // Assert
    expect(first.resolve).toBe(resolveA);
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
  });
});
