import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built `gavel` bin (e2e tests run against the bundle, as a user would). */
export const GAVEL_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** What one run of `gavel` gave. */
export interface GavelRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `gavel` as a child process (no TTY) with the given arguments. */
export const runGavelBin = (args: readonly string[], env: Record<string, string> = {}): Promise<GavelRun> => {
  if (!existsSync(GAVEL_BIN)) throw new Error(`build @gavel/cli first: ${GAVEL_BIN} is missing`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GAVEL_BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
};
