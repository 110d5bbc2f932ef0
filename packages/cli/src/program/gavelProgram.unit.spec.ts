import { describe, expect, it } from 'vitest';
import type { CliIo } from './cliIo';
import { EXIT } from './exitCodes';
import { runGavel } from './gavelProgram';

const io = (overrides: Partial<CliIo> = {}): CliIo & { output: string[]; errors: string[] } => {
  const output: string[] = [];
  const errors: string[] = [];
  return {
    out: (text) => output.push(text),
    err: (text) => errors.push(text),
    errIsTTY: false,
    outIsTTY: false,
    errStream: process.stderr,
    env: {},
    output,
    errors,
    ...overrides,
  };
};

describe('runGavel', () => {
  it('an unexpected error exits 3 (never 1) with its stack on stderr', async () => {
    const broken = io({
      out: () => {
        throw new Error('stdout is gone');
      },
    });
    const code = await runGavel(['audit', 'x', '--store', 'sqlite::memory:'], broken);
    // An in-memory SQLite store is empty: the unknown auction is a usage error, before any output.
    expect(code).toBe(EXIT.USAGE);
    const help = await runGavel(['--help'], broken);
    expect(help).toBe(EXIT.INTERNAL);
    expect(broken.errors.at(-1)).toMatch(/^gavel: internal error: Error: stdout is gone\n {4}at /);
  });

  it('reads the store URL from GAVEL_STORE when --store is absent', async () => {
    const env = io({ env: { GAVEL_STORE: 'mysql://x' } });
    expect(await runGavel(['audit', 'lot'], env)).toBe(EXIT.USAGE);
    expect(env.errors.join('')).toContain("'mysql://x' is not a store URL");
    const none = io();
    expect(await runGavel(['audit', 'lot'], none)).toBe(EXIT.USAGE);
    expect(none.errors).toEqual([
      expect.stringMatching(/^gavel: --store <url> is required \(or set GAVEL_STORE\)/),
    ]);
  });
});
