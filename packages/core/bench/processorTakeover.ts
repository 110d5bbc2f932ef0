/**
 * Bench-only, shared by the adapters' `bench/takeover.bench.ts`: how long a processor's partitions stay
 * without an owner after their owner is killed with SIGKILL.
 *
 * `children` processes (default 3) run one processor (4 partitions, `leaseMs` 2 000, so renewals every
 * 200 ms) on one store (`takeoverChild.ts`), each printing the partitions it owns as they change, with
 * wall-clock times. Meanwhile this process appends a trickle of events (default 20 a second) so that the
 * processors have work. Once every partition has exactly one owner and each process owns some, it
 * repeats `kills` times: SIGKILL the owner of partition `k mod 4`, measure for each partition the victim
 * owned the time from the kill to the first line of a survivor that owns it, then start a replacement
 * process and wait until the partitions are shared again. It reports p50/p99/max over the kills of the
 * time until all of the victim's partitions were owned again (and per partition), against the target
 * `leaseMs` + 1 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type EventStore, sleep } from '../src/index';
import {
  fixed,
  machineLine,
  markdownTable,
  percentile,
  quick,
  sizeSetting,
  wallClock,
  whole,
  writeJsonResults,
} from './benchRuns';
import type { TakeoverChildSettings } from './takeoverChild';

/** What the benchmark needs of a store, given by each adapter's bench. */
export interface TakeoverTarget {
  readonly label: string;
  /** The parent's store on the database the children use: it writes the trickle. */
  readonly store: EventStore;
  /** The adapter's child script (absolute path): `runTakeoverChild` on a store it opens. */
  readonly childScript: string;
  /** The folder the child runs in (tsx reads the tsconfig there). */
  readonly cwd: string;
  /** What the child script needs to open the store. */
  readonly env: Readonly<Record<string, string>>;
  /** Closes what the target opened (the store included). */
  close(): Promise<void>;
}

/** `BENCH_KILLS` (20; quick 5), `BENCH_CHILDREN` (3), `BENCH_LEASE_MS` (2 000), `BENCH_TRICKLE` events/s (20). */
export const takeoverSettings = () => ({
  kills: sizeSetting('kills', 'BENCH_KILLS', 20, 5),
  children: sizeSetting('children', 'BENCH_CHILDREN', 3, 3),
  partitions: 4,
  leaseMs: sizeSetting('lease-ms', 'BENCH_LEASE_MS', 2_000, 2_000),
  tricklePerSecond: sizeSetting('trickle', 'BENCH_TRICKLE', 20, 20),
});

/** A running child and what it printed. */
interface Child {
  readonly label: string;
  readonly process: ChildProcess;
  /** The partitions it owns, from its last `partitions` line. */
  owned: readonly number[];
  /** Every `partitions` line: when, and what it owned from then on. */
  readonly history: { readonly at: number; readonly owned: readonly number[] }[];
  started: boolean;
  exited: boolean;
  stderr: string;
}

/** One kill: the victim's partitions and how long each stayed without an owner. */
interface Kill {
  readonly victim: string;
  readonly partitions: readonly number[];
  /** Per partition of the victim: ms from the SIGKILL to a survivor's line that owns it. */
  readonly takeoverMs: readonly number[];
  /** The longest of them: until the victim's whole share was owned again. */
  readonly allTakenMs: number;
  /** Who took each partition. */
  readonly takenBy: readonly string[];
}

const TIMEOUT_MS = 30_000;

const startChild = (target: TakeoverTarget, label: string, settings: TakeoverChildSettings): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', target.childScript, JSON.stringify(settings)], {
    cwd: target.cwd,
    env: { ...process.env, ...target.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const state: Child = {
    label,
    process: child,
    owned: [],
    history: [],
    started: false,
    exited: false,
    stderr: '',
  };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const [word, at, list] = line.split(' ');
    if (word === 'started') state.started = true;
    if (word !== 'partitions') return;
    const owned = list === undefined || list === '' ? [] : list.split(',').map(Number);
    state.owned = owned;
    state.history.push({ at: Number(at), owned });
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    state.stderr += chunk;
  });
  child.on('exit', () => {
    state.exited = true;
  });
  return state;
};

const waitFor = async (what: string, done: () => boolean, timeoutMs = TIMEOUT_MS): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
};

/** Every partition owned by exactly one live child, and every live child owning some (when it can). */
const settled = (children: readonly Child[], partitions: number): boolean => {
  const live = children.filter((child) => !child.exited);
  const owners = live.flatMap((child) => child.owned);
  return (
    live.every((child) => child.started) &&
    owners.length === partitions &&
    new Set(owners).size === partitions &&
    (live.length > partitions || live.every((child) => child.owned.length > 0))
  );
};

/** Appends `perSecond` small events a second to a few streams until `signal` aborts. */
const trickle = async (store: EventStore, perSecond: number, signal: AbortSignal): Promise<number> => {
  let appended = 0;
  const versions = new Map<string, number>();
  while (!signal.aborted && perSecond > 0) {
    const streamName = `tick-${appended % 16}`;
    const version = versions.get(streamName) ?? 0;
    await store.appendToStream(streamName, [{ type: 'Tick', data: { n: appended } }], {
      expectedVersion: version === 0 ? 'no_stream' : version,
    });
    versions.set(streamName, version + 1);
    appended++;
    await sleep(1000 / perSecond, signal);
  }
  return appended;
};

/** Runs the benchmark (see the file's comment), prints its tables and writes the JSON when asked. */
export const runTakeoverBench = async (target: TakeoverTarget): Promise<void> => {
  const settings = takeoverSettings();
  const { partitions, leaseMs } = settings;
  const renewIntervalMs = Math.max(10, Math.min(1_000, Math.floor(leaseMs / 10)));
  const childSettings: TakeoverChildSettings = {
    name: `takeover-${globalThis.crypto.randomUUID().slice(0, 8)}`,
    partitions,
    leaseMs,
  };
  const children: Child[] = [];
  let spawned = 0;
  const spawnOne = (): Child => {
    const child = startChild(target, `p${++spawned}`, childSettings);
    children.push(child);
    return child;
  };
  const stopTrickle = new AbortController();
  const trickling = trickle(target.store, settings.tricklePerSecond, stopTrickle.signal);
  const kills: Kill[] = [];
  try {
    console.log(machineLine());
    console.log(
      `Store: ${target.label}; ${settings.children} processes, one processor of ${partitions} partitions, leaseMs ${leaseMs} (renewals every ${renewIntervalMs} ms), a no-op handler, ${settings.tricklePerSecond} events/s appended meanwhile; ${settings.kills} kills${quick ? ' — QUICK run' : ''}\n`,
    );
    for (let n = 0; n < settings.children; n++) spawnOne();
    await waitFor('the first processes to share the partitions', () => settled(children, partitions));
    for (let k = 0; k < settings.kills; k++) {
      const partition = k % partitions;
      const victim = children.find((child) => !child.exited && child.owned.includes(partition)) as Child;
      const owned = [...victim.owned];
      const killedAt = wallClock();
      victim.process.kill('SIGKILL');
      const survivors = children.filter((child) => child !== victim && !child.exited);
      /** The first line of a survivor owning `p` after the kill: [ms, who]. */
      const takenAfter = (p: number): [number, string] | undefined => {
        let first: [number, string] | undefined;
        for (const child of survivors)
          for (const line of child.history)
            if (
              line.at >= killedAt &&
              line.owned.includes(p) &&
              (first === undefined || line.at - killedAt < first[0])
            )
              first = [line.at - killedAt, child.label];
        return first;
      };
      await waitFor(
        `the partitions of ${victim.label} (${owned.join(',')}) to be taken over`,
        () => owned.every((p) => takenAfter(p) !== undefined),
        leaseMs * 3 + 10_000,
      );
      const taken = owned.map((p) => takenAfter(p) as [number, string]);
      const kill: Kill = {
        victim: victim.label,
        partitions: owned,
        takeoverMs: taken.map(([ms]) => ms),
        allTakenMs: Math.max(...taken.map(([ms]) => ms)),
        takenBy: taken.map(([, by]) => by),
      };
      kills.push(kill);
      console.error(
        `kill ${k + 1}: ${victim.label} owned ${owned.join(',')}; taken over after ${kill.takeoverMs.map((ms) => whole(ms)).join(', ')} ms by ${kill.takenBy.join(', ')}`,
      );
      await waitFor(`${victim.label} to exit`, () => victim.exited);
      spawnOne();
      await waitFor('the partitions to be shared again', () => settled(children, partitions));
      await sleep(2 * renewIntervalMs);
    }
  } finally {
    stopTrickle.abort();
    const appended = await trickling.catch(() => -1);
    for (const child of children.filter((c) => !c.exited)) child.process.stdin?.end('stop\n');
    await waitFor('the processes to stop', () => children.every((child) => child.exited), 15_000).catch(
      () => {
        for (const child of children.filter((c) => !c.exited)) child.process.kill('SIGKILL');
      },
    );
    const failed = children.filter((child) => child.stderr.trim() !== '');
    for (const child of failed.slice(0, 3))
      console.error(`${child.label} stderr: ${child.stderr.trim().slice(0, 500)}`);
    if (appended >= 0) console.error(`${appended} events appended during the run`);
    await target.close();
  }
  const all = kills.map((kill) => kill.allTakenMs);
  const each = kills.flatMap((kill) => kill.takeoverMs);
  const bound = leaseMs + 1_000;
  const row = (what: string, values: readonly number[]): string[] => [
    what,
    String(values.length),
    whole(percentile(values, 0.5)),
    whole(percentile(values, 0.99)),
    whole(Math.max(...values)),
    whole(Math.min(...values)),
  ];
  console.log(
    markdownTable(
      ['measured', 'samples', 'p50 ms', 'p99 ms', 'max ms', 'min ms'],
      [row("all of the victim's partitions owned again", all), row('each partition owned again', each)],
      [false, true, true, true, true, true],
    ),
  );
  console.log(
    `\nTarget ≤ leaseMs + 1 s = ${whole(bound)} ms: max ${whole(Math.max(...all))} ms, ${all.filter((ms) => ms > bound).length} of ${all.length} kills over it (leaseMs ${leaseMs}, renewal ${renewIntervalMs} ms; expected about leaseMs − renewal … leaseMs + renewal, ${fixed(
      (leaseMs - renewIntervalMs) / 1000,
    )}–${fixed((leaseMs + renewIntervalMs) / 1000)} s)`,
  );
  writeJsonResults({
    benchmark: 'processor-takeover',
    store: target.label,
    machine: machineLine(),
    quick,
    settings: { ...settings, renewIntervalMs },
    kills,
  });
};
