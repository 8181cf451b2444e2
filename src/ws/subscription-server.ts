/**
 * src/ws/: the graphql-ws server — admission (authentication, tenant, socket caps), the subscribe
 * pipeline and session endings. It adapts the shared concerns (limits/, persisted/, rate-limit/,
 * auth/) and the GraphQL layer, as http/ does; it may import events/ and runtime/, never http/.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { Context as SocketContext } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Admission } from '../admission/admission.js';
import type { ChargeCost } from '../admission/cost-budget.js';
import type { Config } from '../config.js';
import type { ContextDeps } from '../graphql/context.js';
import { AppError, ErrorCode, formatError } from '../graphql/errors.js';
import { createDocumentLimits } from '../limits/document-limits.js';
import { createOperationPolicy } from '../persisted/operation-policy.js';
import type { TrustedDocuments } from '../persisted/trusted-documents.js';
import type { LimitRate } from '../rate-limit/rate-limit.js';
import type { Metrics } from '../runtime/metrics.js';
import { admitConnection, OrganizationSockets } from './admit-connection.js';
import { CloseCode } from './close-codes.js';
import { credentialHeaders } from './credentials.js';
import { SocketSession } from './socket-session.js';
import { createReadSlots } from './read-slots.js';
import { createSubscribePipeline } from './subscribe-pipeline.js';
import { watchSession } from './watch-session.js';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Config;
  context: ContextDeps;
  limitRate: LimitRate;
  /** Fair admission and the cost budget, shared with HTTP (admission/). */
  admission: Admission;
  chargeCost?: ChargeCost;
  documents: TrustedDocuments;
  metrics: Metrics;
  logger: Logger;
  /** Server pings this often; a client that does not answer within the same time is dropped. */
  keepAliveMs?: number;
  /** A socket that sends no connection_init this long is closed with 4408. */
  connectionInitWaitMs?: number;
}

/** How long shutdown waits for sockets to close after it asked, before it cuts them. */
const CLOSE_GRACE_MS = 5_000;

/**
 * GraphQL subscriptions over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on the HTTP
 * server's port at /graphql. graphql-ws speaks the protocol; the hooks only adapt the gateway's
 * concerns: admission (authentication, tenant, socket caps), the subscribe pipeline, error masking.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions) {
  const { config, metrics, logger } = options;
  // noServer: attached with `server`, ws re-emits the HTTP server's listen errors (a taken port) as
  // its own, and graphql-ws prints them as an internal fault; the upgrade is wired here instead.
  const wss = new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: config.limits.maxBodyBytes });
  const upgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) =>
    wss.handleUpgrade(request, socket, head, (webSocket) => wss.emit('connection', webSocket, request));
  options.httpServer.on('upgrade', upgrade);
  const sessions = new Map<SocketContext<Record<string, unknown> | undefined, Extra>, SocketSession>();
  const organizationSockets = new OrganizationSockets();
  const admission = { ...options.context, limitRate: options.limitRate, maxSocketsPerOrganization: config.ws.maxSocketsPerOrganization };
  const prepare = createSubscribePipeline({
    schema: options.schema,
    context: options.context,
    decideOperation: createOperationPolicy({ documents: options.documents, persistedOnlyForApiKeys: config.persistedOnlyForApiKeys }),
    documentLimits: createDocumentLimits({ maxTokens: config.limits.maxTokens, maxDepth: config.limits.maxDepth, maxAliases: config.limits.maxAliases }),
    maxCost: config.limits.maxCost,
    chargeCost: options.chargeCost,
    admission: options.admission,
    limitRate: options.limitRate,
    // Half the pool for re-reads; the embedded database is one connection, shared in turn.
    eventReads: createReadSlots(Math.max(1, Math.floor(config.database.poolSize / 2))),
  });
  const format = (error: GraphQLError) =>
    formatError(error.toJSON(), error, () => undefined, {
      unexpected: (unexpected) => logger.error({ err: unexpected }, 'unexpected error in a subscription'),
      refusedByDatabase: (sqlState) => logger.warn({ sqlState }, 'the database refused a client value in a subscription'),
    });

  async function connect(ctx: SocketContext<Record<string, unknown> | undefined, Extra>): Promise<boolean> {
    const { socket, request } = ctx.extra;
    const headers = credentialHeaders(request.headers, ctx.connectionParams);
    const ip = request.socket.remoteAddress;
    const admitted = await admitConnection(admission, organizationSockets, headers, ip);
    if (!admitted.admitted) {
      logger.info({ code: admitted.code, reason: admitted.reason }, 'subscription socket refused');
      socket.close(admitted.code, admitted.reason);
      return false;
    }
    const session = new SocketSession(socket, headers, ip, admitted.auth, metrics.subscriptions);
    session.onClose(() => organizationSockets.closed(admitted.auth.organization.id));
    watchSession(session, options.context.base, options.context.events);
    sessions.set(ctx, session);
    return true;
  }

  useServer(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitMs ?? 3_000,
      onConnect: connect,
      onSubscribe: async (ctx, id, payload) => {
        const session = sessions.get(ctx)!;
        if (session.subscriptionCount >= config.ws.maxSubscriptionsPerSocket) {
          session.end(CloseCode.TooMany, 'Too many subscriptions on this socket');
          return [new AppError(ErrorCode.RATE_LIMITED, `At most ${config.ws.maxSubscriptionsPerSocket} subscriptions per socket`)];
        }
        session.started(id);
        const prepared = await prepare(session, payload);
        if (Array.isArray(prepared)) session.stopped(id);
        return prepared;
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        metrics.eventsDelivered.inc();
        return result.errors ? { ...result, errors: result.errors.map(format) } : undefined;
      },
      onError: (ctx, id, _payload, errors) => {
        sessions.get(ctx)?.stopped(id);
        return errors.map(format);
      },
      onComplete: (ctx, id) => sessions.get(ctx)?.stopped(id),
      onClose: (ctx, code) => {
        const session = sessions.get(ctx);
        sessions.delete(ctx);
        session?.closed();
        if (session) logger.info({ code, organizationId: session.auth.organization.id, actorKind: session.auth.actor?.kind }, 'subscription socket closed');
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );
  // ws reports a client's protocol violation (an oversized message: 1009) as an 'error' on the
  // socket, and graphql-ws prints every socket error to the console as its own fault. ws has already
  // closed the socket with the right code; here it becomes an info line.
  wss.prependListener('connection', (socket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = (event: string | symbol, ...args: unknown[]) => {
      const code = (args[0] as { code?: unknown } | undefined)?.code;
      if (event !== 'error' || typeof code !== 'string' || !code.startsWith('WS_ERR_')) return emit(event, ...args);
      logger.info({ code }, 'subscription socket closed: protocol violation');
      return true;
    };
  });
  wss.on('connection', (socket) => {
    metrics.sockets.inc();
    socket.once('close', () => metrics.sockets.dec());
  });

  return {
    /** Shutdown, after the HTTP drain: completes every subscription, then closes each socket with 1001. */
    async stop(): Promise<void> {
      const closed = [...wss.clients].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      const admitted = new Set([...sessions.keys()].map((ctx) => ctx.extra.socket));
      for (const session of sessions.values()) session.end(CloseCode.GoingAway, 'Server shutting down');
      for (const socket of wss.clients) if (!admitted.has(socket)) socket.close(CloseCode.GoingAway, 'Server shutting down');
      const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.all(closed), grace]);
      for (const socket of wss.clients) socket.terminate();
      options.httpServer.off('upgrade', upgrade);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
