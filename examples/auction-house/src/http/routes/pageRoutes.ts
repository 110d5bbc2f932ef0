import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** Options of {@link pageRoutes}. */
export interface PageRoutesOptions {
  /** The folder of the page's static files (`index.html`, `styles.css`). */
  readonly publicDir: string;
  /** The folder of the page's bundle (`app.js`). */
  readonly bundleDir: string;
}

/**
 * The web page: its files under `/assets/` (from both folders) and `index.html` at `/` and at
 * `/auctions/:id` (the page routes itself from the address).
 */
export const pageRoutes: FastifyPluginAsync<PageRoutesOptions> = async (app, { publicDir, bundleDir }) => {
  await app.register(fastifyStatic, {
    root: [publicDir, bundleDir],
    prefix: '/assets/',
    index: false,
    wildcard: true,
  });
  const page = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').sendFile('index.html');
  app.get('/', page);
  app.get('/auctions/:id', page);
};
