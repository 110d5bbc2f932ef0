/** Where a command writes and what it may read of its environment: the process's, or a test's. */
export interface CliIo {
  /** Writes to standard output (results only). */
  readonly out: (text: string) => void;
  /** Writes to standard error (errors, progress). */
  readonly err: (text: string) => void;
  /** True when standard error is a terminal: only then is a progress bar drawn. */
  readonly errIsTTY: boolean;
  /** True when standard output is a terminal: only then are colours used. */
  readonly outIsTTY: boolean;
  /** The stream the progress bar draws on (standard error). */
  readonly errStream: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The {@link CliIo} of the running process. */
export const processIo = (): CliIo => ({
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  errIsTTY: process.stderr.isTTY === true,
  outIsTTY: process.stdout.isTTY === true,
  errStream: process.stderr,
  env: process.env,
});
