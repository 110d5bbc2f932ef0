// How to run pnpm from a script that pnpm started, whatever form pnpm takes on this machine: the npm
// package's JavaScript entry (`bin/pnpm.cjs`, run with node), its native binary (pnpm 11 and later:
// an executable file, run as it is), or whatever `pnpm` is on PATH.
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

/** The first bytes of executable formats: ELF (Linux), Mach-O (both byte orders, fat), PE (Windows). */
const EXECUTABLE_MAGIC = [
  [0x7f, 0x45, 0x4c, 0x46],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xca, 0xfe, 0xba, 0xbe],
  [0x4d, 0x5a],
];

/** The first four bytes of a file, or null when it cannot be read. */
export const readHead = (path) => {
  let descriptor;
  try {
    descriptor = openSync(path, 'r');
    const head = Buffer.alloc(4);
    const read = readSync(descriptor, head, 0, 4, 0);
    return head.subarray(0, read);
  } catch {
    return null;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
};

/** True when `head` starts like a native executable rather than a script. */
export const isNativeExecutable = (head) =>
  EXECUTABLE_MAGIC.some((magic) => magic.every((byte, index) => head[index] === byte));

/**
 * The command that runs pnpm: `{ command, args }` to hand to `spawn`, before pnpm's own arguments.
 * `npm_execpath` (set by pnpm for the scripts it runs) wins when it names pnpm and can be read: a native
 * executable runs as it is, anything else (a JavaScript entry) with this Node. Otherwise `pnpm` on PATH.
 * @param env - the environment (`process.env`)
 * @param nodePath - the Node binary that runs a JavaScript entry (`process.execPath`)
 * @param head - reads a file's first bytes, or null when it cannot
 */
export const pnpmCommand = (env, nodePath, head = readHead) => {
  const execPath = env.npm_execpath;
  if (execPath !== undefined && /pnpm/i.test(basename(execPath))) {
    const start = head(execPath);
    if (start !== null)
      return isNativeExecutable(start)
        ? { command: execPath, args: [] }
        : { command: nodePath, args: [execPath] };
  }
  return { command: 'pnpm', args: [] };
};
