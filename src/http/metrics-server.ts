import http from 'node:http';
import express from 'express';
import type { Registry } from 'prom-client';
import { metricsRoutes } from './routes/metrics.js';
import { listen } from './listen.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * METRICS_PORT: /metrics alone on its own port, so it can stay off the public listener (expose
 * only the main port through the load balancer). METRICS_TOKEN still applies when both are set.
 */
export async function startMetricsServer(registry: Registry, options: { port: number; host: string; token?: string }): Promise<MetricsServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoutes(registry, { token: options.token }));
  const server = http.createServer(app);
  const port = await listen(server, options.port, options.host, 'METRICS_PORT');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
