import { forkVariant } from './child.js';
import { runLoad } from './load.js';
import type { Measurement } from './report.js';
import type { Scenario } from './scenarios.js';

/**
 * The overload run: the gateway's dashboard at concurrency 128 with the default pool, four times the
 * concurrency of the other runs. Requests queue for a connection (DATABASE_ACQUIRE_TIMEOUT_MS) and
 * must all succeed; the target is 0 errors, not a latency.
 */
export const OVERLOAD_CONNECTIONS = 128;

export async function runOverload(env: Record<string, string>, dashboard: Scenario, durationSeconds: number): Promise<Measurement> {
  const child = await forkVariant('gateway', env);
  try {
    await child.rss();
    const result = await runLoad(child.url, dashboard, { connections: OVERLOAD_CONNECTIONS, durationSeconds });
    return { ...result, peakRssMb: (await child.rss()).peakRss / 2 ** 20 };
  } finally {
    await child.stop();
  }
}

/** The overload run as a row of the main table. */
export function overloadRow(m: Measurement): string {
  return `| dashboard @${OVERLOAD_CONNECTIONS} | gateway | ${m.requestsPerSecond.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.non2xx} | ${m.graphqlErrors} | as dashboard | – | – | – | – | ${m.peakRssMb.toFixed(0)} |`;
}

export function overloadTarget(m: Measurement): string {
  const errors = m.non2xx + m.graphqlErrors;
  return `- dashboard at concurrency ${OVERLOAD_CONNECTIONS}: ${errors} failed requests (target 0): ${errors === 0 ? 'met' : 'MISSED'}`;
}
