import Fastify, { type FastifyReply } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../test/apiClient';
import { startTestHouse, type TestHouse } from '../../test/testHouse';
import { SECURITY_HEADERS, securityHeaders } from './securityHeaders';

/** The policy, written out: a change to it changes this test. */
const EXPECTED = {
  'content-security-policy':
    "default-src 'self'; base-uri 'none'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
    "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'",
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
};

/** Headers of the kind a security policy sets: every one of them must be in EXPECTED, none other. */
const POLICY_HEADER =
  /^(content-security-policy|cross-origin-|origin-agent-cluster|permissions-policy|referrer-policy|strict-transport-security|x-(?!ratelimit-))/;

const policyHeaders = (headers: Headers): Record<string, string> =>
  Object.fromEntries([...headers].filter(([name]) => POLICY_HEADER.test(name)));

describe('the security headers of every answer', () => {
  let house: TestHouse;
  beforeAll(async () => {
    house = await startTestHouse();
  });
  afterAll(() => house.close());

  it.each([
    ['the page', 'GET', '/', 200],
    ['an auction page', 'GET', '/auctions/a_nope', 200],
    ['a file of the page', 'GET', '/assets/styles.css', 200],
    ['an API answer', 'GET', '/api/auctions', 200],
    ['a 404 of the API', 'GET', '/api/nothing', 404],
    ['a 404 of the files', 'GET', '/assets/nothing.js', 404],
    ['a 415 from an onRequest hook', 'POST', '/api/session', 415],
  ])('%s (%s %s): exactly the policy, no HSTS', async (_what, method, path, status) => {
    const answer = await request(house.url, method, path, {
      ...(method === 'POST' ? { rawBody: 'name=Ada', headers: { 'content-type': 'text/plain' } } : {}),
    });
    expect(answer.status).toBe(status);
    expect(policyHeaders(answer.headers)).toEqual(EXPECTED);
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('frames nothing, and says so one way: frame-ancestors none and X-Frame-Options DENY', () => {
    expect(SECURITY_HEADERS['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(SECURITY_HEADERS['x-frame-options']).toBe('DENY');
    expect(SECURITY_HEADERS['content-security-policy']).not.toMatch(/https:|upgrade-insecure-requests/);
  });
});

describe('the securityHeaders plugin', () => {
  it('sets the one frozen header object on every answer, a thrown error included: nothing is rebuilt per request', async () => {
    const given: unknown[] = [];
    const app = Fastify();
    // Records what each answer's headers are set from.
    app.addHook('onRequest', async (_request, reply: FastifyReply) => {
      const headers = reply.headers.bind(reply);
      reply.headers = (values) => {
        given.push(values);
        return headers(values);
      };
    });
    await app.register(securityHeaders);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/broken', async () => {
      throw new Error('broken');
    });
    const answers = [
      await app.inject({ method: 'GET', url: '/ok' }),
      await app.inject({ method: 'GET', url: '/ok' }),
      await app.inject({ method: 'GET', url: '/broken' }),
      await app.inject({ method: 'GET', url: '/missing' }),
    ];
    await app.close();
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 500, 404]);
    for (const answer of answers) expect(answer.headers).toMatchObject(EXPECTED);
    expect(given).toHaveLength(answers.length);
    for (const values of given) expect(values).toBe(SECURITY_HEADERS);
    expect(Object.isFrozen(SECURITY_HEADERS)).toBe(true);
  });
});
