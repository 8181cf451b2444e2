import type http from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Drain } from './drain.js';
import { listen } from './listen.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';

export interface Listening {
  url: string;
  port: number;
  /** Where /metrics is served when METRICS_PORT is set (else on `port`). */
  metricsPort?: number;
  /**
   * Graceful stop: /readyz turns 503 at once, requests are still served for `delayMs` (so the load
   * balancer notices first), then the server stops accepting and waits for the requests in flight.
   */
  stop(delayMs?: number): Promise<void>;
}

export interface ListenParts {
  httpServer: http.Server;
  port: number;
  host: string;
  /** METRICS_PORT's own listener, when set. */
  metrics?: { registry: Registry; port: number; token?: string };
  drain: Drain;
  logger: Logger;
  /** Apollo's stop, which drains `httpServer` (ApolloServerPluginDrainHttpServer). */
  stopApollo: () => Promise<void>;
}

/** An address to reach a server listening on `host` from this machine. */
const reachableHost = (host: string) => (['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

/** Takes HOST:PORT (and METRICS_PORT); a start-up that fails leaves nothing running behind it. */
export async function startListening(parts: ListenParts): Promise<Listening> {
  const { httpServer, host, metrics, drain, logger, stopApollo } = parts;
  let port: number;
  let metricsServer: MetricsServer | undefined;
  try {
    port = await listen(httpServer, parts.port, host);
    if (metrics) metricsServer = await startMetricsServer(metrics.registry, { ...metrics, host });
  } catch (error) {
    await stopApollo();
    throw error;
  }
  return {
    url: `http://${reachableHost(host)}:${port}/graphql`,
    port,
    metricsPort: metricsServer?.port,
    async stop(delayMs = 0) {
      drain.start();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      logger.info('draining: no new connections; waiting for the requests in flight');
      await stopApollo();
      await metricsServer?.close();
    },
  };
}
