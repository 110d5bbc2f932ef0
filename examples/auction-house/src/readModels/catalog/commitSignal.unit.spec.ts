import { describe, expect, it } from 'vitest';
import { createCommitSignal } from './commitSignal';

describe('createCommitSignal', () => {
  it('calls each listener on every emit until it unsubscribes', () => {
    const signal = createCommitSignal(() => {});
    const heard: string[] = [];
    const stopA = signal.subscribe(() => heard.push('a'));
    signal.subscribe(() => heard.push('b'));

    signal.emit();
    stopA();
    stopA(); // twice: nothing more
    signal.emit();

    expect(heard).toEqual(['a', 'b', 'b']);
  });

  it('reports a listener that throws and still calls the others', () => {
    const errors: unknown[] = [];
    const signal = createCommitSignal((error) => errors.push(error));
    const heard: string[] = [];
    signal.subscribe(() => {
      throw new Error('listener failed');
    });
    signal.subscribe(() => heard.push('after'));

    expect(() => signal.emit()).not.toThrow();
    expect(heard).toEqual(['after']);
    expect(errors).toEqual([new Error('listener failed')]);
  });
});
