import type { ServerOptions } from 'node:http';

/** The fastify server options that bound how long a client may take to send a request. */
export interface RequestTimeoutOptions {
  readonly requestTimeout: number;
  readonly connectionTimeout: number;
  readonly http: ServerOptions;
}

/**
 * Fastify's options for a request timeout of `timeoutMs`: a request whose headers and body have not all
 * arrived by then is answered 408 and its connection closed (`requestTimeout`, `headersTimeout`); a
 * connection silent that long while a request is open or before its first one is closed
 * (`connectionTimeout`). Node checks open requests every `connectionsCheckingInterval` (30 s by
 * default): here half the timeout, at most 1 s, so a slow request is cut at most that long after its
 * deadline. A WebSocket connection (the feed) leaves these timeouts at its upgrade.
 */
export const requestTimeoutOptions = (timeoutMs: number): RequestTimeoutOptions => ({
  requestTimeout: timeoutMs,
  connectionTimeout: timeoutMs,
  http: {
    requestTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(timeoutMs / 2))),
  },
});
