import { describe, expect, it } from 'vitest';
import { createSimTime } from './simTime';

describe('createSimTime', () => {
  it('runs timers in time order (in order of scheduling at the same time), moving the clocks to each', () => {
    const time = createSimTime(1_000);
    const ran: string[] = [];
    time.scheduler.setTimeout(() => ran.push(`b@${time.now()}`), 20);
    time.scheduler.setTimeout(() => ran.push(`a@${time.now()}`), 10);
    time.scheduler.setTimeout(() => ran.push(`c@${time.now()}`), 20);
    const cancelled = time.scheduler.setTimeout(() => ran.push('never'), 15);
    time.scheduler.clearTimeout(cancelled);
    expect(time.pending()).toBe(3);
    while (time.runNext(100)) {}
    expect(ran).toEqual(['a@10', 'b@20', 'c@20']);
    expect(time.clock()).toBe(1_020);
    expect(time.pending()).toBe(0);
  });

  it('runs nothing past `until`', () => {
    const time = createSimTime(0);
    time.scheduler.setTimeout(() => {}, 50);
    expect(time.runNext(49)).toBe(false);
    expect(time.now()).toBe(0);
    expect(time.runNext(50)).toBe(true);
  });

  it('drops every timer of a killed scope, and any asked of it afterwards', () => {
    const time = createSimTime(0);
    const scope = time.scope();
    const ran: string[] = [];
    scope.scheduler.setTimeout(() => ran.push('dead'), 10);
    time.scheduler.setTimeout(() => ran.push('alive'), 20);
    scope.kill();
    scope.scheduler.setTimeout(() => ran.push('after death'), 5);
    while (time.runNext(100)) {}
    expect(ran).toEqual(['alive']);
    expect(scope.alive()).toBe(false);
  });

  it('jumps the wall clock forward without moving the monotonic clock or running timers', () => {
    const time = createSimTime(5_000);
    let ran = false;
    time.scheduler.setTimeout(() => (ran = true), 100);
    time.jump(2_000);
    expect(time.clock()).toBe(7_000);
    expect(time.now()).toBe(0);
    expect(ran).toBe(false);
  });
});
