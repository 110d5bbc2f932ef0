import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { paramsOfSeed, paramsText } from './simParams';

const repository = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `pnpm sim` with `args` at the repository root: its exit status and the last line of its output. */
const sim = (args: readonly string[]) => {
  const result = spawnSync('pnpm', ['--silent', 'sim', ...args], { cwd: repository, encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  return { status: result.status, last: lines[lines.length - 1] ?? '', output: result.stdout };
};

describe('pnpm sim', () => {
  it('replays a seed: two processes with one seed end on the same line, naming the seed and the trace hash', () => {
    const first = sim(['--seed', '21', '--runs', '2']);
    const second = sim(['--seed', '21', '--runs', '2']);
    expect(first.status).toBe(0);
    expect(first.last).toMatch(/^sim: ok seed=21 runs=2 trace=[0-9a-f]{16}$/);
    expect(second.last).toBe(first.last);
    expect(sim(['--seed', '22', '--runs', '2']).last).not.toBe(first.last);
  }, 120_000);

  it('replays one run from the parameters a failure prints, as from its seed', () => {
    const bySeed = sim(['--seed', '21', '--runs', '1']);
    expect(bySeed.last).toMatch(/^sim: ok seed=21 runs=1 trace=[0-9a-f]{16}$/);
    expect(sim(['--params', paramsText(paramsOfSeed(21))]).last).toBe(bySeed.last);
  }, 120_000);
});
