/**
 * src/http/: the Express app — server.ts wires routes/ (health, metrics) and middleware/ (request id,
 * limits, persisted operations, request log, errors) in front of Apollo, and ws/ on the same port. The
 * composition point: it may import graphql/, auth/, db/, events/, limits/, persisted/, rate-limit/,
 * runtime/ and ws/. Nothing below http/
 * (middleware/, routes/) reads GraphQL types; nothing outside http/ and explorer/ reads Express.
 */
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { identify } from '../auth/authenticate.js';
import { createTokenVerifier } from '../auth/bearer-token.js';
import type { Config } from '../config.js';
import { createContext, type Context } from '../graphql/context.js';
import { isQueryOperation } from '../graphql/operation-kind.js';
import { Outage } from '../db/database-away.js';
import { ReplicaSet } from '../db/replicas.js';
import { MemoryWrittenPositions, RedisWrittenPositions } from '../db/written-positions.js';
import type { Database } from '../db/database.js';
import type { IsolationMode } from '../db/tenant.js';
import { formatError } from '../graphql/errors.js';
import { explorerDisabledRoute } from '../explorer/explorer-disabled.js';
import { explorerRoutes } from '../explorer/explorer-routes.js';
import { ApqCache } from '../persisted/apq-cache.js';
import { TrustedDocuments } from '../persisted/trusted-documents.js';
import { authentication, authenticationOf } from './middleware/authentication.js';
import { admission, laneOf } from './middleware/admission.js';
import { TenantConnections } from '../db/tenant-connections.js';
import { createAdmission } from '../admission/admission.js';
import { openCostBudget, type ChargeCost } from '../admission/cost-budget.js';
import { admissionMetrics } from '../admission/admission-metrics.js';
import { bodyErrors } from './middleware/body-errors.js';
import { persistedOperations } from './middleware/persisted-operations.js';
import { createMetrics } from '../runtime/metrics.js';
import { currentRequestId, noteContext, noteError } from '../runtime/observation.js';
import { hideSuggestions } from '../graphql/plugins/hide-suggestions.js';
import { noIntrospection } from '../graphql/plugins/no-introspection.js';
import { operationObserver } from '../graphql/plugins/operation-observer.js';
import { operationChecks } from '../graphql/plugins/operation-checks.js';
import { requestSession } from '../graphql/plugins/request-session.js';
import { documentLimits } from './middleware/document-limits.js';
import { rateLimit } from '../rate-limit/rate-limit.js';
import { requestObserver } from './middleware/request-log.js';
import { unexpectedErrors } from './middleware/unexpected-errors.js';
import { MemoryBucketStore, type BucketStore } from '../rate-limit/bucket-store.js';
import { RedisBucketStore } from '../rate-limit/redis-bucket-store.js';
import { metricsRoutes } from './routes/metrics.js';
import type { Redis } from '../runtime/redis.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { healthRoutes } from './routes/health.js';
import { buildSchema } from '../graphql/schema.js';
import { Drain } from './drain.js';
import { startListening, type Listening } from './lifecycle.js';
import { corsMiddleware } from './middleware/cors.js';
import type { EventBus } from '../events/event-bus.js';
import { openEventBus } from '../events/open-event-bus.js';
import { apqRegistration } from '../graphql/plugins/apq-registration.js';
import { subscriptionsOverHttp } from '../graphql/plugins/subscriptions-over-http.js';
import { startSubscriptionServer, type SubscriptionServerOptions } from '../ws/subscription-server.js';

export interface ServerOptions {
  config: Config;
  database: Database;
  logger: Logger;
  /** Shared APQ cache and rate-limit buckets across replicas; in-process without it. */
  redis?: Redis;
  /** Rate-limit buckets; defaults to Redis when `redis` is given, else in process. */
  rateLimitStore?: BucketStore;
  /** Trusted documents; defaults to operations/manifest.json plus those registered in the database. */
  documents?: TrustedDocuments;
  /** Tests only: leave shield out, or bypass row-level security, to prove each layer alone. */
  shield?: boolean;
  isolation?: IsolationMode;
  /** Prefilled in the explorer's headers editor on each page load from this machine; dev only. */
  explorerHeaders?: () => Promise<Record<string, string> | undefined>;
  /** Execution events; defaults to Redis, else LISTEN/NOTIFY, else in process (see events/open-event-bus.ts). */
  events?: EventBus;
  /** Tests only: quicker keep-alive pings and connection_init timeout. */
  ws?: Pick<SubscriptionServerOptions, 'keepAliveMs' | 'connectionInitWaitMs'>;
}

export interface RunningServer extends Listening {
  httpServer: http.Server;
  events: EventBus;
}

function createApollo(schema: GraphQLSchema, options: ServerOptions, httpServer: http.Server, chargeCost?: ChargeCost) {
  const apqCache = new ApqCache(options.redis, { prefix: options.config.redisPrefix });
  return new ApolloServer<Context>({
    schema,
    // Apollo's own refusal names a constructor option; ours names ENABLE_INTROSPECTION.
    introspection: true,
    validationRules: options.config.introspection ? [] : [noIntrospection],
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT (finish requests, close pools, exit); two handlers would race.
    stopOnTerminationSignals: false,
    persistedQueries: { cache: apqCache, ttl: options.config.apqTtlSeconds },
    formatError: (formatted, error) =>
      noteError(
        formatError(formatted, error, currentRequestId, {
          unexpected: (unexpected) => options.logger.error({ err: unexpected, requestId: currentRequestId() }, 'unexpected error'),
          refusedByDatabase: (sqlState) => options.logger.warn({ sqlState, requestId: currentRequestId() }, 'the database refused a client value'),
        }),
      ),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Responses are per user and tenant, never cacheable by proxies; the default cache-control
      // plugin would still hook every resolved field to compute a policy nobody reads.
      ApolloServerPluginCacheControlDisabled(),
      operationObserver(),
      requestSession(),
      operationChecks({ maxCost: options.config.limits.maxCost, chargeCost }),
      hideSuggestions({ enabled: !options.config.introspection }),
      subscriptionsOverHttp(),
      apqRegistration(apqCache),
    ],
  });
}

/** Builds the HTTP app: request id, health routes, and GraphQL at /graphql. */
export async function startServer(options: ServerOptions, port = options.config.port): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are per actor and tenant and never revalidated: hashing each body for an ETag
  // (SHA-1 over the whole response, in Express' res.send) was work nobody used. The explorer's
  // assets set their own.
  app.disable('etag');
  const httpServer = http.createServer(app);
  const schema = buildSchema({ shield: options.shield ?? true });
  const chargeCost = openCostBudget(options.config.fairness.costPerMinute, options.redis, options.config.redisPrefix);
  const apollo = createApollo(schema, options, httpServer, chargeCost);
  await apollo.start();

  const events = options.events ?? (await openEventBus(options));
  const written = options.redis ? new RedisWrittenPositions(options.redis, options.config.redisPrefix) : new MemoryWrittenPositions();
  const replicas = await ReplicaSet.open(options.config.database, options.database, written);
  const deps = {
    events,
    config: options.config,
    base: options.database.base,
    verifyToken: createTokenVerifier(options.config.jwt),
    isolation: options.isolation,
    requestSessions: options.database.driver.requestSessions,
    connections: new TenantConnections(options.config.fairness.maxConnectionsPerTenant, options.config.database.acquireTimeoutMs),
    replicas,
    outage: new Outage(),
  };
  const drain = new Drain();
  app.use(drain.middleware());
  /** The request's context; its tenant session ends when the response is done or the client leaves. */
  async function requestContext(req: express.Request, res: express.Response): Promise<Context> {
    const identified = authenticationOf(res);
    const request = {
      headers: req.headers,
      ip: req.ip,
      requestId: res.locals.requestId as string,
      authentication: identified,
      shareKey: laneOf(res)?.key,
      readOnly: replicas !== undefined && isQueryOperation(req.method === 'GET' ? req.query : req.body),
    };
    const context = await createContext(deps, request);
    if (identified) fair.learn(identified, context);
    const release = () => void context.db.release().catch(() => {});
    // A person's session is open already (its first statement checked the membership): a client
    // that left while it opened has closed the response before anyone could listen.
    if (res.closed) release();
    else res.once('close', release);
    return noteContext(context); // the organization is known only now (the membership check is the session's)
  }
  app.use(requestIdMiddleware());
  app.use(healthRoutes(options.database, options.redis, drain));
  const metrics = createMetrics(options.database.driver);
  replicas?.register(metrics.registry);
  const { limits, rateLimit: budgets, metrics: metricsAccess, redisPrefix } = options.config;
  if (metricsAccess.port === undefined) app.use(metricsRoutes(metrics.registry, { token: metricsAccess.token }));
  const fair = createAdmission(options.config.fairness, admissionMetrics(metrics.registry, () => fair.loads()));
  const limitRate = rateLimit({
    store:
      options.rateLimitStore ??
      (options.redis ? new RedisBucketStore(options.redis, { keyPrefix: `${redisPrefix}rate:` }) : new MemoryBucketStore()),
    userPerMinute: budgets.userPerMinute,
    apiKeyPerMinute: budgets.apiKeyPerMinute,
  });
  const documents = options.documents ?? (await TrustedDocuments.load(options.database.base));
  const shared = { config: options.config, context: deps, limitRate, admission: fair, chargeCost, documents, metrics, logger: options.logger };
  const subscriptions = startSubscriptionServer({ ...options.ws, ...shared, httpServer, schema });
  app.use('/graphql', corsMiddleware({ origins: options.config.cors.origins }));
  app.use(options.config.explorer ? explorerRoutes({ defaultHeaders: options.explorerHeaders }) : explorerDisabledRoute());
  app.use(
    '/graphql',
    requestObserver({ logger: options.logger, metrics }),
    authentication({ authenticate: (headers) => identify(headers, deps), limitRate }),
    admission(fair),
    express.json({ limit: options.config.limits.maxBodyBytes }),
    persistedOperations({ documents, persistedOnlyForApiKeys: options.config.persistedOnlyForApiKeys }),
    documentLimits({ maxTokens: limits.maxTokens, maxDepth: limits.maxDepth, maxAliases: limits.maxAliases }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => requestContext(req, res),
    }),
  );

  app.use(bodyErrors(options.config.limits.maxBodyBytes));
  app.use(unexpectedErrors({ logger: options.logger }));

  const listening = await startListening({
    httpServer,
    port,
    host: options.config.host,
    metrics: metricsAccess.port === undefined ? undefined : { registry: metrics.registry, port: metricsAccess.port, token: metricsAccess.token },
    drain,
    logger: options.logger,
    // Sockets first, once the shutdown delay is over: Apollo's drain ends every idle connection,
    // upgraded ones included, without a WebSocket close frame. Requests in flight are still served.
    stopApollo: async () => {
      await subscriptions.stop();
      await apollo.stop();
    },
  });
  const stop = async (delayMs?: number) => {
    await listening.stop(delayMs);
    if (!options.events) await events.close();
    await replicas?.close();
  };
  return { ...listening, httpServer, events, stop };
}
