import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Driver } from '../db/driver.js';

/** The gateway's Prometheus series. One registry per server, so servers in one process stay apart. */
export interface Metrics {
  registry: Registry;
  /** GraphQL requests by operation name and outcome (`ok` or the first error code). */
  requests: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation' | 'outcome'>;
  /** Requests refused with RATE_LIMITED, by the kind of caller. */
  rateLimited: Counter<'actor'>;
  /** Requests refused with QUERY_TOO_COMPLEX, by the limit they exceeded. */
  limitRejections: Counter<'limit'>;
  /** Open WebSocket connections, and the subscriptions running on them. */
  sockets: Gauge;
  subscriptions: Gauge;
  /** Subscription results sent to clients. */
  eventsDelivered: Counter;
}

export function createMetrics(pool: Pick<Driver, 'poolStats'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'flowgate_db_pool_connections',
    help: 'Database pool connections: total, idle, and requests waiting for one',
    labelNames: ['state'],
    registers,
    collect() {
      const { total, idle, waiting } = pool.poolStats();
      this.set({ state: 'total' }, total);
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  return {
    registry,
    requests: new Counter({ name: 'flowgate_graphql_requests_total', help: 'GraphQL requests by operation and outcome', labelNames: ['operation', 'outcome'], registers }),
    duration: new Histogram({
      name: 'flowgate_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    rateLimited: new Counter({ name: 'flowgate_rate_limited_total', help: 'Requests refused with RATE_LIMITED', labelNames: ['actor'], registers }),
    limitRejections: new Counter({
      name: 'flowgate_query_limit_rejections_total',
      help: 'Requests refused with QUERY_TOO_COMPLEX, by limit',
      labelNames: ['limit'],
      registers,
    }),
    sockets: new Gauge({ name: 'flowgate_ws_open_sockets', help: 'Open WebSocket connections (subscriptions)', registers }),
    subscriptions: new Gauge({ name: 'flowgate_ws_active_subscriptions', help: 'Subscriptions running on open sockets', registers }),
    eventsDelivered: new Counter({ name: 'flowgate_ws_events_delivered_total', help: 'Subscription results sent to clients', registers }),
  };
}
