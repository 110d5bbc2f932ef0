// `pnpm sim [--seed <n>] [--runs <k>]` at the repository root: rebuilds the packages the simulator
// runs (through their package exports, i.e. their dist) when their sources are newer than their build,
// then runs the simulator (packages/sim) in this process. See docs/simulation.md.
import { ensureBuilt } from './ensureBuilt.mjs';

ensureBuilt({
  packages: [
    ['@gavel/core', 'packages/core'],
    ['@gavel/websocket', 'packages/websocket'],
  ],
  stale: true,
  label: 'sim',
});

const { register } = await import('tsx/esm/api');
register();
await import('../packages/sim/src/cli.ts');
