// Builds the workspace packages a script runs from their `dist` (through their package exports) when
// they are not built yet, or (with `stale`) when their sources are newer than their build. Used by
// `pnpm start` (the auction house) and `pnpm sim` (the simulator).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './pnpmCommand.mjs';

/** The repository's root folder. */
export const repository = fileURLToPath(new URL('..', import.meta.url));

/** The latest modification time (ms) of any file under `folder`, 0 when there is none. */
const newestIn = (folder) => {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const time = entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
};

/**
 * Why a package needs a build, or null when it does not: its `dist/index.js` or `dist/index.cjs` is
 * missing, or (with `stale`) a file under its `src` is newer than the older of the two.
 */
export const buildReason = (folder, stale) => {
  const bundles = ['dist/index.js', 'dist/index.cjs'].map((file) => join(folder, file));
  if (!bundles.every((file) => existsSync(file))) return 'its dist is missing';
  if (!stale) return null;
  const built = Math.min(...bundles.map((file) => statSync(file).mtimeMs));
  return newestIn(join(folder, 'src')) > built ? 'its sources are newer than its dist' : null;
};

/**
 * Builds, in the order given (each after what it depends on), every package of `packages`
 * (`[name, folder]` pairs, the folder relative to the repository) that {@link buildReason} says needs
 * it. Exits the process with status 1 when a build fails.
 * @param label - the script's name, at the start of each line it writes on stderr
 */
export const ensureBuilt = ({ packages, stale, label }) => {
  const say = (line) => process.stderr.write(`${label}: ${line}\n`);
  for (const [name, folder] of packages) {
    const reason = buildReason(join(repository, folder), stale);
    if (reason === null) continue;
    say(`building ${name} (${reason})`);
    const { command, args } = pnpmCommand(process.env, process.execPath);
    const result = spawnSync(command, [...args, '--filter', name, 'build'], {
      cwd: repository,
      stdio: ['ignore', 2, 2],
      shell: process.platform === 'win32' && command === 'pnpm',
    });
    if (result.error !== undefined) say(`could not run pnpm (${command}): ${result.error.message}`);
    if (result.status !== 0) {
      say(`'pnpm --filter ${name} build' failed`);
      process.exit(1);
    }
  }
};
