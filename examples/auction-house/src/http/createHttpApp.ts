import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { ApiContext } from './apiContext';
import { apiError } from './apiError';
import { apiErrors } from './apiErrors';
import { clientErrorHandler } from './clientErrorHandler';
import { connectionLimits } from './limits/connectionLimits';
import { rateLimitPlugin } from './limits/rateLimitPlugin';
import { requestTimeoutOptions } from './limits/requestTimeouts';
import { auctionRoutes } from './routes/auctionRoutes';
import { bidRoutes } from './routes/bidRoutes';
import { meRoutes } from './routes/meRoutes';
import { type PageRoutesOptions, pageRoutes } from './routes/pageRoutes';
import { sessionRoutes } from './routes/sessionRoutes';
import { type StatsRouteOptions, statsRoute } from './routes/statsRoute';
import { securityHeaders } from './securityHeaders';
import { sessionPlugin } from './session/sessionPlugin';
import { trustProxySetting } from './trustProxy';

/** 64 KiB: the largest body the API reads. */
export const BODY_LIMIT = 64 * 1024;

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** What the routes share. */
  readonly context: ApiContext;
  /** Signs session cookies. */
  readonly secret: string;
  /** The rate limits count in this Redis when given. */
  readonly redis?: Redis;
  readonly redisKeyPrefix?: string;
  readonly trustProxy: number | string | false;
  /** `GET /api/stats` is served when given. */
  readonly stats?: StatsRouteOptions;
  /** The page is served when given (when its `index.html` exists). */
  readonly page?: PageRoutesOptions;
}

/**
 * The HTTP app: fastify with the zod type provider (routes' `schema`s are zod schemas), every part a
 * plugin: the API's error answers, security headers, connection caps, cookies, sessions, rate limits,
 * then the routes (each an encapsulated plugin given the {@link ApiContext}) and the page.
 */
export const createHttpApp = async (options: HttpAppOptions): Promise<FastifyInstance> => {
  const { context, secret } = options;
  const { limits, logger } = context;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxySetting(options.trustProxy),
    // A request not all sent within the timeout: 408 with the API's error body, connection closed.
    ...requestTimeoutOptions(limits.requestTimeoutMs),
    clientErrorHandler,
    routerOptions: { maxParamLength: 2048 },
    // A URL the router cannot read (a bad % escape) or a bad header: 400 with the API's error body.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).send(apiError('INVALID_REQUEST', error.message.slice(0, 200)));
    },
    return503OnClosing: true,
    forceCloseConnections: true,
    // The `onReady` hooks catch the catalog and the closer up with the store: as long as that takes.
    pluginTimeout: 0,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(apiErrors);
  // The CSP and the other security headers, built once at start-up (src/http/securityHeaders.ts).
  await app.register(securityHeaders);
  await app.register(connectionLimits, {
    maxConnections: limits.maxConnections,
    maxConnectionsPerAddress: limits.maxConnectionsPerAddress,
  });
  await app.register(fastifyCookie, { secret });
  await app.register(sessionPlugin, {
    revocations: context.revocations,
    clock: context.clock,
    ttlMs: limits.sessionTtlMs,
  });
  await app.register(rateLimitPlugin, {
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    ...(options.redisKeyPrefix === undefined ? {} : { nameSpace: options.redisKeyPrefix }),
  });
  await app.register(sessionRoutes, context);
  await app.register(auctionRoutes, context);
  await app.register(bidRoutes, context);
  await app.register(meRoutes, context);
  if (options.stats !== undefined) await app.register(statsRoute, options.stats);
  if (options.page !== undefined) await app.register(pageRoutes, options.page);
  return app;
};
