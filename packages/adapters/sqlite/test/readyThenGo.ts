/** In a child process: prints `ready`, then waits for the parent to write `go` on stdin (see `goTogether`). */
export const readyThenGo = async (): Promise<void> => {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    let input = '';
    process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
      input += chunk;
      if (input.includes('go\n')) resolve();
    });
  });
};
