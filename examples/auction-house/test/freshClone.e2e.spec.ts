import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { START_LINE } from './startServerProcess';

const repository = fileURLToPath(new URL('../../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'gavel-fresh-'));
const clone = join(folder, 'gavel');
const running: ChildProcess[] = [];

afterAll(async () => {
  for (const child of running) killGroup(child, 'SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** The first command of the README's quick start, as a newcomer copies it (without its comment). */
const readmeFirstCommand = (): string => {
  const readme = readFileSync(join(repository, 'README.md'), 'utf8');
  const block = /## Quick start[^\n]*\n[\s\S]*?```sh\n([^\n]+)\n/.exec(readme);
  const line = block?.[1];
  if (line === undefined) throw new Error('README.md has no ```sh block under "## Quick start"');
  return line.replace(/\s+#.*$/, '').trim();
};

/** What a newcomer's shell has: no npm_* or VITEST variables, no node_modules/.bin on PATH. */
const newcomerEnvironment = (port: number): NodeJS.ProcessEnv => {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.split(sep).includes('node_modules'))
    .join(delimiter);
  const kept = ['HOME', 'USER', 'LANG', 'TMPDIR', 'TERM'].flatMap((name) =>
    process.env[name] === undefined ? [] : [[name, process.env[name]]],
  );
  return { ...Object.fromEntries(kept), PATH: path, PORT: String(port) };
};

/** The repository as a newcomer gets it: `git clone` (or, outside a git checkout, its files without builds). */
const cloneRepository = (): string => {
  if (existsSync(join(repository, '.git'))) {
    execFileSync('git', ['clone', '--quiet', repository, clone], { stdio: 'pipe' });
    return 'git clone';
  }
  const skipped = ['node_modules', 'dist', 'data', '.tmp', 'reports'];
  cpSync(repository, clone, {
    recursive: true,
    filter: (source) =>
      !relative(repository, source)
        .split(sep)
        .some((part) => skipped.includes(part)),
  });
  return 'a copy of the files (no .git here)';
};

const freePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
};

const groupAlive = (child: ChildProcess): boolean => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 0);
    return child.pid !== undefined;
  } catch {
    return false;
  }
};

/** Starts `command` and args in the clone, in a process group of its own, collecting its output. */
const launch = (command: string, args: readonly string[], port: number) => {
  const child = spawn(command, args, {
    cwd: clone,
    env: newcomerEnvironment(port),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const output = () => `${stdout}\n--- stderr ---\n${stderr.slice(-4000)}`;
  const started = new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = START_LINE.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before the start line:\n${output()}`)));
  });
  return { child, started, output };
};

/** Waits until every process of the child's group has exited; resolves with how long that took. */
const groupExit = async (child: ChildProcess, withinMs: number): Promise<number> => {
  const since = Date.now();
  while (groupAlive(child)) {
    if (Date.now() - since > withinMs) throw new Error(`still running ${withinMs} ms after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - since;
};

const fetchOk = async (url: string): Promise<{ status: number; text: string }> => {
  const answer = await fetch(url);
  return { status: answer.status, text: await answer.text() };
};

describe('a fresh clone, as a newcomer runs it', () => {
  it("runs the README's first command as written and serves the page and the API; SIGTERM stops it", async () => {
    const how = cloneRepository();
    expect(existsSync(join(clone, 'node_modules'))).toBe(false);
    expect(existsSync(join(clone, 'packages', 'core', 'dist'))).toBe(false);
    const command = readmeFirstCommand();
    expect(command).toMatch(/pnpm start$/);

    const port = await freePort();
    const begun = Date.now();
    const first = launch('sh', ['-c', command], port);
    const url = await first.started;
    const firstStartMs = Date.now() - begun;
    expect(url).toBe(`http://127.0.0.1:${port}`);

    const page = await fetchOk(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
    const list = await fetchOk(`${url}/api/auctions`);
    expect(list.status).toBe(200);
    expect(Array.isArray((JSON.parse(list.text) as { auctions: unknown }).auctions)).toBe(true);

    // SIGTERM to the whole group, as a terminal's Ctrl-C or a service manager does.
    killGroup(first.child, 'SIGTERM');
    const firstStopMs = await groupExit(first.child, 10_000);

    // Again, with everything built: SIGTERM to pnpm alone (its native binary does not pass it on).
    const again = Date.now();
    const second = launch('pnpm', ['start'], port);
    await second.started;
    const secondStartMs = Date.now() - again;
    expect((await fetchOk(`${url}/api/auctions`)).status).toBe(200);
    second.child.kill('SIGTERM');
    const secondStopMs = await groupExit(second.child, 10_000);

    const pnpmVersion = execFileSync('pnpm', ['--version'], { env: newcomerEnvironment(port) })
      .toString()
      .trim();
    process.stdout.write(
      `fresh clone (${how}, pnpm ${pnpmVersion}): '${command}' served ${url} after ${(firstStartMs / 1000).toFixed(1)} s; ` +
        `stopped ${firstStopMs} ms after SIGTERM; a second 'pnpm start' served after ${(secondStartMs / 1000).toFixed(1)} s ` +
        `and stopped ${secondStopMs} ms after SIGTERM to pnpm alone\n`,
    );
  }, 480_000);
});
