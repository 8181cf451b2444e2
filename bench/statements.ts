import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { Scenario } from './scenarios.js';
import { startVariant, type Variant } from './variants.js';

/**
 * SQL statements for one request of each scenario, measured apart from the load runs (counting must
 * not slow them down). Two counts: Prisma's query events (`onQuery`, what the tests assert on) and
 * every statement node-postgres sends (round trips, including BEGIN, set_config and COMMIT). Beside
 * them, the bytes PostgreSQL sent back on the wire for the request and the bytes of the response:
 * their ratio is what over-fetching costs.
 */

export interface StatementCount {
  onQuery: number | null;
  roundTrips: number;
  postgresBytes: number;
  responseBytes: number;
}

export type StatementCounts = Record<string, StatementCount>;

const counters = { onQuery: 0, roundTrips: 0, postgresBytes: 0 };
/** Clients whose socket is already counted: node-postgres keeps one socket per client. */
const metered = new WeakSet<pg.Client>();
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  counters.roundTrips += 1;
  if (!metered.has(this)) {
    metered.add(this);
    // `connection.stream` is node-postgres' socket; it is not in its type declarations.
    (this as unknown as { connection: { stream: NodeJS.ReadableStream } }).connection.stream.on('data', (chunk: Buffer) => (counters.postgresBytes += chunk.length));
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof originalQuery;

/** The response's size in bytes. */
async function post(url: string, scenario: Scenario, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { ...scenario.headers, 'x-bench-scenario': scenario.name }, body });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(`${scenario.name} failed (${response.status}): ${text.slice(0, 300)}`);
  return Buffer.byteLength(text);
}

async function countOne(url: string, scenario: Scenario, body: string, variant: Variant): Promise<StatementCount> {
  await post(url, scenario, body); // warm-up: caches (trusted documents, API key stamp) settle first
  await new Promise((resolve) => setTimeout(resolve, 50));
  Object.assign(counters, { onQuery: 0, roundTrips: 0, postgresBytes: 0 });
  const responseBytes = await post(url, scenario, body);
  await new Promise((resolve) => setTimeout(resolve, 50)); // anything written after the response
  return { onQuery: variant === 'floor' ? null : counters.onQuery, roundTrips: counters.roundTrips, postgresBytes: counters.postgresBytes, responseBytes };
}

/** Per scenario at page size 20, plus the dashboard at 5 and 50 to show the count does not grow. */
export async function countStatements(variant: Variant, config: Config, scenarios: Scenario[], logger: Logger): Promise<StatementCounts> {
  const running = await startVariant(variant, config, { logger, onQuery: () => (counters.onQuery += 1) });
  try {
    const counts: StatementCounts = {};
    for (const scenario of scenarios) counts[scenario.name] = await countOne(running.url, scenario, scenario.body(0), variant);
    const dashboard = scenarios.find((scenario) => scenario.name === 'dashboard');
    if (dashboard) for (const first of [5, 50]) counts[`dashboard@${first}`] = await countOne(running.url, dashboard, dashboard.body(0, first), variant);
    return counts;
  } finally {
    await running.stop();
  }
}
