import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

/** One scenario driven by autocannon against one variant, after a discarded warm-up. */

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds?: number;
  /** CPU milliseconds used so far by the gateway process and by PostgreSQL, read around the measured run. */
  cpu?: () => Promise<CpuReading>;
}

export interface CpuReading {
  gatewayMs: number;
  postgresMs: number;
  /** The gateway process's read and write system calls so far (bench/cpu.ts). */
  gatewayReads: number;
  gatewayWrites: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx responses, socket errors and timeouts. */
  non2xx: number;
  /** 2xx responses whose GraphQL body carried `errors`: a failed operation is not a fast one. */
  graphqlErrors: number;
  /** CPU milliseconds per measured request (NaN without a `cpu` reader). */
  gatewayCpuMs: number;
  postgresCpuMs: number;
  /** The gateway's read and write system calls per measured request (NaN without a `cpu` reader). */
  gatewayReadCalls: number;
  gatewayWriteCalls: number;
}

/** Nearest-rank percentile over the latencies autocannon reported per response. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function drive(url: string, scenario: Scenario, connections: number, duration: number) {
  let sent = 0;
  const latencies: number[] = [];
  const counts = { graphqlErrors: 0 };
  const instance = autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { ...scenario.headers, 'x-bench-scenario': scenario.name },
        setupRequest: (request) => ({ ...request, body: scenario.body(sent++) }),
        onResponse: (status, body) => {
          if (status < 300 && body.includes('"errors"')) counts.graphqlErrors += 1;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  return { instance, latencies, counts };
}

export async function runLoad(url: string, scenario: Scenario, options: LoadOptions): Promise<LoadResult> {
  await drive(url, scenario, options.connections, options.warmupSeconds ?? 1).instance;
  const before = await options.cpu?.();
  const { instance, latencies, counts } = drive(url, scenario, options.connections, options.durationSeconds);
  const result = await instance;
  const after = await options.cpu?.();
  const perRequest = (key: keyof CpuReading) => (before && after ? (after[key] - before[key]) / latencies.length : NaN);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / options.durationSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx + result.errors + result.timeouts,
    graphqlErrors: counts.graphqlErrors,
    gatewayCpuMs: perRequest('gatewayMs'),
    postgresCpuMs: perRequest('postgresMs'),
    gatewayReadCalls: perRequest('gatewayReads'),
    gatewayWriteCalls: perRequest('gatewayWrites'),
  };
}
