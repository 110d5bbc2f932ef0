import { type ChildProcess, spawn } from 'node:child_process';

/** Test-only: a child Node process running a TypeScript file through tsx, and its stdout lines. */
export interface LineProcess {
  readonly child: ChildProcess;
  /** Every line it printed on stdout so far. */
  readonly lines: string[];
  /** Resolves at the first line equal to `line` (printed already or to come); rejects if it exits first or after `timeoutMs`. */
  readonly waitForLine: (line: string, timeoutMs: number) => Promise<void>;
  /** Resolves once it exited, with its code or signal and what it wrote on stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Writes a line on its stdin. */
  readonly send: (line: string) => void;
}

/** Starts `node --import tsx <script> ...args` in `cwd` with `env` added to this process's environment. */
export const startLineProcess = (
  script: string,
  args: readonly string[],
  { cwd, env }: { readonly cwd: string; readonly env: Readonly<Record<string, string>> },
): LineProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers: (() => void)[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const watch of [...watchers]) watch();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      child.on('close', (code, signal) => {
        ended = true;
        for (const watch of [...watchers]) watch();
        resolve({ code, signal, stderr });
      });
    },
  );
  const waitForLine = (line: string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const watch = (): void => {
        if (!lines.includes(line) && !ended) return;
        clearTimeout(timer);
        watchers.splice(watchers.indexOf(watch), 1);
        if (lines.includes(line)) resolve();
        else reject(new Error(`the process exited before printing '${line}': ${stderr}`));
      };
      const timer = setTimeout(() => {
        watchers.splice(watchers.indexOf(watch), 1);
        reject(new Error(`no '${line}' within ${timeoutMs} ms: ${stderr}`));
      }, timeoutMs);
      watchers.push(watch);
      watch();
    });
  const send = (line: string): void => {
    child.stdin?.write(`${line}\n`);
  };
  return { child, lines, waitForLine, exited, send };
};
