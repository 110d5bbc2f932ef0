import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Libsql from 'libsql';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getSqliteEventStore } from '../src/index';
import { startChild } from './runChild';

// The processor store across processes on one file: leases, fencing and transactions.
const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-processors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const freshPath = (): string => join(dir, `processors-${++count}.db`);
const LONG = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A child process (`processorChild.ts`) and a way to send it commands and get its answers. */
const driveChild = async (path: string) => {
  const child = startChild('./processorChild.ts', [path]);
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let partial = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      const waiter = waiters.shift();
      if (waiter === undefined) lines.push(line);
      else waiter(line);
    }
  });
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`child exited (${code}): ${stderr}`)));
    });
  expect(await next()).toBe('ready');
  return {
    child,
    send: (command: Record<string, unknown>): void => {
      child.stdin?.write(`${JSON.stringify(command, (_, v) => (typeof v === 'bigint' ? String(v) : v))}\n`);
    },
    next: async (): Promise<unknown> => JSON.parse(await next()),
  };
};

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
const spawn = async (path: string) => {
  const driven = await driveChild(path);
  children.push(driven.child);
  return driven;
};

describe('processors in several processes on one file', () => {
  it('give each partition to exactly one of 3 processes racing for all of them', async () => {
    const path = freshPath();
    const processor = 'race';
    const parent = getSqliteEventStore({ path });
    try {
      await parent.processors.register({ processor, partitions: 32, initialCheckpoint: 0n });
      const racers = await Promise.all([spawn(path), spawn(path), spawn(path)]);
      const startAt = Date.now() + 300;
      for (const [n, racer] of racers.entries())
        racer.send({ op: 'race', processor, owner: `child-${n}`, partitions: 32, startAt });
      const won = (await Promise.all(racers.map((racer) => racer.next()))) as number[][];
      const all = won.flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 32 }, (_, n) => n));
      // The processes did interleave: more than one of them won partitions.
      expect(won.filter((partitions) => partitions.length > 0).length).toBeGreaterThan(1);
      const beat = await parent.processors.heartbeat({ processor, owner: 'parent', leaseMs: LONG });
      for (const [n, partitions] of won.entries())
        for (const partition of partitions)
          expect(beat.leases[partition]).toMatchObject({ owner: `child-${n}`, token: 1 });
    } finally {
      await parent.close();
    }
  });

  it('fence a process whose lease another process took: its commit and transaction are refused', async () => {
    const path = freshPath();
    const processor = 'fence';
    const parent = getSqliteEventStore({ path });
    try {
      await parent.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
      const child = await spawn(path);
      child.send({ op: 'acquire', processor, owner: 'child', partition: 0, leaseMs: 150 });
      expect(await child.next()).toMatchObject({ owner: 'child', token: 1 });
      child.send({ op: 'transact', processor, partition: 0, token: 1, position: 4n, key: 'in time' });
      expect(await child.next()).toBe(true);
      await sleep(250);
      expect(
        await parent.processors.acquire({ processor, owner: 'parent', partition: 0, leaseMs: LONG }),
      ).toMatchObject({
        token: 2,
        checkpoint: 4n,
      });
      child.send({ op: 'commit', processor, partition: 0, token: 1, position: 9n });
      expect(await child.next()).toBe(false);
      child.send({ op: 'transact', processor, partition: 0, token: 1, position: 9n, key: 'too late' });
      expect(await child.next()).toBe(false);
      const db = new Libsql(path);
      try {
        expect(db.prepare('SELECT key FROM child_rows').raw(true).all()).toEqual([['in time']]);
      } finally {
        db.close();
      }
      const beat = await parent.processors.heartbeat({ processor, owner: 'parent', leaseMs: LONG });
      expect(beat.leases[0]).toMatchObject({ owner: 'parent', token: 2, checkpoint: 4n });
    } finally {
      await parent.close();
    }
  });

  it('hand a killed process’s partition to another once its lease ran out, not before', async () => {
    const path = freshPath();
    const processor = 'killed';
    const parent = getSqliteEventStore({ path });
    try {
      await parent.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
      const child = await spawn(path);
      child.send({ op: 'acquire', processor, owner: 'child', partition: 0, leaseMs: 400 });
      expect(await child.next()).toMatchObject({ token: 1 });
      child.child.kill('SIGKILL');
      expect(
        await parent.processors.acquire({ processor, owner: 'parent', partition: 0, leaseMs: LONG }),
      ).toBeNull();
      await sleep(500);
      expect(
        await parent.processors.acquire({ processor, owner: 'parent', partition: 0, leaseMs: LONG }),
      ).toMatchObject({
        owner: 'parent',
        token: 2,
      });
    } finally {
      await parent.close();
    }
  });
});
