import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import { percentile } from './load.js';

/** One tenant's load on the noisy-neighbour bench: a fixed body at a fixed concurrency, spread over the replicas. */
export interface TenantLoad {
  headers: Record<string, string>;
  body: string;
  connections: number;
  /** Requests per second over all its connections (a light, steady tenant); absent, as fast as answers come. */
  rate?: number;
}

export interface TenantResult {
  /** Answered 200 without GraphQL errors, per second. */
  okPerSecond: number;
  p50: number;
  p99: number;
  /** RATE_LIMITED answers (HTTP 429), the documented refusal. */
  refused: number;
  /** Anything else: other statuses, GraphQL errors in a 200, socket errors and timeouts. */
  errors: number;
}

function drive(url: string, load: TenantLoad, connections: number, duration: number, rate: number | undefined) {
  const latencies: number[] = [];
  const counts = { ok: 0, refused: 0, errors: 0 };
  /** A 200 with `errors` in its body failed as surely as a 500 did. */
  const classify = (status: number, body: string) => {
    if (status === 429) counts.refused += 1;
    else if (status === 200 && !body.includes('"errors"')) counts.ok += 1;
    else counts.errors += 1;
  };
  const request = { method: 'POST', path: '/graphql', headers: load.headers, body: load.body, onResponse: classify };
  const instance = autocannon({ url, connections, duration, requests: [request], ...(rate ? { overallRate: rate } : {}) });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status !== 429) latencies.push(responseTime);
  });
  return { instance, latencies, counts };
}

/**
 * One tenant's load for `duration` seconds, split evenly over the replicas' URLs. Latency percentiles
 * are over the tenant's served requests (refusals are counted, not timed).
 */
export async function runTenant(urls: string[], load: TenantLoad, duration: number): Promise<TenantResult> {
  const rate = load.rate && load.rate / urls.length;
  const perUrl = urls.map((url, n) => drive(url, load, Math.ceil((load.connections - n) / urls.length), duration, rate));
  const finished = await Promise.all(perUrl.map((run) => run.instance));
  const latencies = perUrl.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const sum = (pick: (run: (typeof perUrl)[number]) => number) => perUrl.reduce((total, run) => total + pick(run), 0);
  return {
    okPerSecond: sum((run) => run.counts.ok) / duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    refused: sum((run) => run.counts.refused),
    errors: sum((run) => run.counts.errors) + finished.reduce((total, result) => total + result.errors + result.timeouts, 0),
  };
}

/**
 * Every tenant's load at once, each from a process of its own (bench/noisy-tenant.ts): in one process
 * the flood's responses would delay the victim's own client, and its latencies would measure that.
 */
export function runTenants(urls: string[], loads: TenantLoad[], duration: number): Promise<TenantResult[]> {
  return Promise.all(
    loads.map(
      (load) =>
        new Promise<TenantResult>((resolve, reject) => {
          const child = fork(new URL('./noisy-tenant.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
          child.once('message', (result: TenantResult) => resolve(result));
          child.once('exit', (code) => reject(new Error(`bench/noisy-tenant.ts exited with ${code} before its result`)));
          child.send({ urls, load, duration });
        }),
    ),
  );
}
