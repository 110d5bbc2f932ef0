import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isNativeExecutable, pnpmCommand, readHead } from './pnpmCommand.mjs';

const NODE = '/usr/bin/node-of-this-process';
const folder = mkdtempSync(join(tmpdir(), 'gavel-pnpm-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
};

describe('pnpmCommand', () => {
  it('runs a native pnpm binary (as `npm install -g pnpm@12` installs it) as it is', () => {
    const binary = file('pnpm', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    expect(pnpmCommand({ npm_execpath: binary }, NODE)).toEqual({ command: binary, args: [] });
  });

  it('runs pnpm’s JavaScript entry with this Node', () => {
    const entry = file('pnpm.cjs', '#!/usr/bin/env node\nrequire("../dist/pnpm.cjs")\n');
    expect(pnpmCommand({ npm_execpath: entry }, NODE)).toEqual({ command: NODE, args: [entry] });
  });

  it('falls back to pnpm on PATH when npm_execpath is unset, names npm, or cannot be read', () => {
    const npm = file('npm-cli.js', 'require("npm")');
    for (const env of [{}, { npm_execpath: npm }, { npm_execpath: join(folder, 'no-such-pnpm') }])
      expect(pnpmCommand(env, NODE)).toEqual({ command: 'pnpm', args: [] });
  });

  it('reads the first bytes of a file, or null for a missing one', () => {
    expect([...(readHead(file('short', 'ab')) ?? [])]).toEqual([0x61, 0x62]);
    expect(readHead(join(folder, 'missing'))).toBeNull();
  });

  it('tells executables from text: ELF, Mach-O and PE are native, any text a script is not', () => {
    for (const magic of [
      [0x7f, 0x45, 0x4c, 0x46],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xca, 0xfe, 0xba, 0xbe],
      [0x4d, 0x5a, 0x90, 0x00],
    ])
      expect(isNativeExecutable(Buffer.from(magic))).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 4 }), (text) => {
        // Printable ASCII text (a script's first bytes) is never taken for a binary, but for 'MZ…'.
        fc.pre(!text.startsWith('MZ'));
        expect(isNativeExecutable(Buffer.from(text, 'utf8'))).toBe(false);
      }),
    );
  });
});
