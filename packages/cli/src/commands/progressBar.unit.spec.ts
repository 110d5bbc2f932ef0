import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../program/cliIo';
import { progressBar } from './progressBar';

const ioWith = (errIsTTY: boolean): { io: CliIo; drawn: () => string } => {
  const stream = new PassThrough();
  let drawn = '';
  stream.on('data', (chunk) => {
    drawn += String(chunk);
  });
  Object.assign(stream, {
    isTTY: errIsTTY,
    columns: 80,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  const io: CliIo = {
    out: () => undefined,
    err: () => undefined,
    errIsTTY,
    outIsTTY: false,
    errStream: stream,
    env: {},
  };
  return { io, drawn: () => drawn };
};

describe('progressBar', () => {
  it('draws on stderr when it is a terminal', () => {
    const { io, drawn } = ioWith(true);
    const bar = progressBar(io, 'verifying', 10);
    bar.update(5);
    bar.stop();
    expect(drawn()).toContain('verifying');
  });

  it('draws nothing when stderr is not a terminal', () => {
    const { io, drawn } = ioWith(false);
    const bar = progressBar(io, 'verifying', 10);
    bar.update(5);
    bar.stop();
    expect(drawn()).toBe('');
  });
});
