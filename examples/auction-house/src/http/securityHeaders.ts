import type { onSendHookHandler } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/**
 * The Content-Security-Policy of every answer. Only this origin's scripts, styles, images (and `data:`
 * images), connections (the API and the `/feed` WebSocket) and forms; no inline script or handler, no
 * plugin, no `<base>`; no page may frame this one. Fonts fall under `default-src 'self'`. No
 * `upgrade-insecure-requests`: the example serves plain HTTP (and `ws://`).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'none'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join('; ');

/**
 * The security headers of every answer (the page, its files, the API, errors, 404s), built once when
 * the module loads and frozen. Helmet's defaults without their contradictions: no HSTS (plain HTTP in
 * development; turn it on behind TLS), `X-Frame-Options: DENY` as `frame-ancestors 'none'` says, and no
 * `font-src https:`.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** The `onSend` hook of {@link securityHeaders}: adds the frozen {@link SECURITY_HEADERS}, nothing more. */
const addSecurityHeaders: onSendHookHandler = (_request, reply, payload, done) => {
  reply.headers(SECURITY_HEADERS);
  done(null, payload);
};

/**
 * A fastify plugin that puts {@link SECURITY_HEADERS} on every answer of the instance it is registered
 * on, with nothing computed per request (helmet rebuilt its middlewares and the policy on each). As an
 * `onSend` hook it covers every answer: the page and its files, the API, 404s, errors and the answers
 * of earlier hooks (a 415).
 */
export const securityHeaders = fastifyPlugin(
  async (app) => {
    app.addHook('onSend', addSecurityHeaders);
  },
  { name: 'security-headers', fastify: '5.x' },
);
