/** The first four bytes of a file, or null when it cannot be read. */
export declare const readHead: (path: string) => Buffer | null;
/** True when `head` starts like a native executable rather than a script. */
export declare const isNativeExecutable: (head: Uint8Array) => boolean;
/** The command that runs pnpm: `{ command, args }` to hand to `spawn`, before pnpm's own arguments. */
export declare const pnpmCommand: (
  env: Readonly<Record<string, string | undefined>>,
  nodePath: string,
  head?: (path: string) => Uint8Array | null,
) => { command: string; args: string[] };
