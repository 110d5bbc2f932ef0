import cliProgress from 'cli-progress';
import type { CliIo } from '../program/cliIo';

/** A progress indicator: a bar on a terminal, nothing otherwise. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on stderr for `total` units, drawn only when stderr is a terminal. */
export const progressBar = (io: CliIo, label: string, total: number): Progress => {
  if (!io.errIsTTY || total <= 0) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.errStream,
      format: `${label} [{bar}] {percentage}% {value}/{total}`,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
};
