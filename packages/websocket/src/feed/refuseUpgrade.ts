import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers an HTTP upgrade request with a plain HTTP response instead of a WebSocket handshake, then
 * destroys the socket once the answer is written (as `ws` refuses a handshake).
 */
export const refuseUpgrade = (socket: Duplex, status: number, reason: string): void => {
  const body = reason === '' ? '' : `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};
