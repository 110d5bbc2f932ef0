import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts a TypeScript file of this folder in a child Node process (through tsx), with piped stdout. */
export const startChild = (file: string, args: readonly string[]): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });

/** Collects a child's stdout lines (but `ready`) and stderr, and resolves with its exit code or signal. */
export const collect = (
  child: ChildProcess,
  onLine: (line: string) => void = () => {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }> => {
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line === 'ready') continue; // the handshake of goTogether, not output
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, lines, stderr }));
  });
};

/** Waits until every child has printed `ready`, then tells them all `go` (see `readyThenGo`). */
export const goTogether = async (children: readonly ChildProcess[]): Promise<void> => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          const onData = (chunk: Buffer | string): void => {
            if (!String(chunk).includes('ready\n')) return;
            child.stdout?.off('data', onData);
            resolve();
          };
          child.stdout?.on('data', onData);
          child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready`)));
        }),
    ),
  );
  for (const child of children) child.stdin?.end('go\n');
};
