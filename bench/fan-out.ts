import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { signToken } from '../src/auth/bearer-token.js';
import { loadConfig } from '../src/config.js';
import type { DemoSummary } from '../src/db/seed.js';
import { PROJECT_ROOT } from '../src/runtime/paths.js';
import { gatewayNode, profilingArgs } from './child.js';
import { percentile, subscribe, type Subscriber } from './fan-out-clients.js';

/**
 * The fan-out scenario: N subscribers to executionUpdated in one organization, then 100 runs, one at
 * a time (the next starts when every subscriber has the previous one). Latency is the client's
 * receive time minus the execution's createdAt (written in the run's transaction, just before it
 * commits): commit → client, slightly over. Memory per subscription is the replica's heap (and RSS)
 * growth from before the subscribers connected to after, over the subscribers it holds.
 */

export interface FanOutResult {
  setup: string;
  subscribers: number;
  events: number;
  p50: number;
  p99: number;
  max: number;
  heapBytesPerSubscription: number;
  rssBytesPerSubscription: number;
}

interface Replica {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(gatewayNode(), [...profilingArgs(), '--import', 'tsx', 'src/main.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env, PORT: '0' } });
  let output = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    // Keep draining both pipes for the replica's whole life, or it blocks on a full one.
    child.stdout.on('data', (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      const port = /"port":(\d+)[^\n]*"msg":"flowgate listening"/.exec(output)?.[1];
      if (!port) return;
      ready = true;
      resolve({ url: `http://127.0.0.1:${port}/graphql`, child, stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) });
    });
    // After start-up a replica's stderr (warnings, crashes) goes to the bench's own.
    child.stderr.on('data', (chunk: Buffer) => (ready ? process.stderr.write(chunk) : (output += chunk.toString())));
    child.once('exit', (code) => {
      if (ready && code !== 0) console.error(`a replica exited with ${code}`);
      reject(new Error(`replica exited with ${code}: ${output}`));
    });
  });
}

async function memory(replica: Replica): Promise<{ heap: number; rss: number }> {
  const text = await (await fetch(replica.url.replace('/graphql', '/metrics'))).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return { heap: value('nodejs_heap_size_used_bytes'), rss: value('process_resident_memory_bytes') };
}

async function post(url: string, headers: Record<string, string>, query: string, variables?: Record<string, unknown>, retried = false): Promise<{ data?: any; errors?: unknown[] }> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  } catch (error) {
    // A kept-alive connection the server closed as it was reused: the request never arrived.
    if (retried || (error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return post(url, headers, query, variables, true);
  }
}

const RUN = 'mutation($id: ID!) { runWorkflow(input: { workflowId: $id, input: { bench: true } }) { execution { id } } }';

async function measure(setup: string, replicas: Replica[], perReplica: number, people: { viewer: Record<string, string>; editor: Record<string, string> }, events: number): Promise<FanOutResult> {
  const workflows = await post(replicas[0].url, people.editor, '{ organization { workflows(first: 50, status: ACTIVE) { edges { node { id } } } } }');
  const workflowId = workflows.data.organization.workflows.edges[0].node.id as string;
  const before = await Promise.all(replicas.map(memory));
  const deliveries = new Map<string, number>();
  let wake = () => {};
  const subscribers: Subscriber[] = [];
  const onEvent = (id: string) => (deliveries.set(id, (deliveries.get(id) ?? 0) + 1), wake());
  for (const replica of replicas) {
    for (let i = 0; i < perReplica; i += 1) subscribers.push(await subscribe(replica.url.replace(/^http/, 'ws'), people.viewer, onEvent));
  }
  const run = async (): Promise<string> => {
    const result = await post(replicas[0].url, people.editor, RUN, { id: workflowId });
    if (result.data?.runWorkflow) return result.data.runWorkflow.execution.id as string;
    console.error(`runWorkflow failed during the fan-out: ${JSON.stringify(result.errors)}`);
    throw new Error('runWorkflow failed');
  };
  const reachedAll = (id: string) => (deliveries.get(id) ?? 0) >= subscribers.length;
  const delivered = (id: string, patienceMs?: number) =>
    new Promise<void>((resolve) => {
      const timer = patienceMs === undefined ? undefined : setTimeout(resolve, patienceMs);
      wake = () => reachedAll(id) && (clearTimeout(timer), resolve());
      wake();
    });
  // A socket's subscribe is acknowledged by nothing: warm-up runs (not measured) until one reached every socket.
  for (let warmUp = await run(); ; warmUp = await run()) {
    await delivered(warmUp, 2_000);
    if (reachedAll(warmUp)) break;
  }
  const after = await Promise.all(replicas.map(memory));
  const measured: string[] = [];
  for (let event = 0; event < events; event += 1) {
    const id = await run();
    measured.push(id);
    await delivered(id);
  }
  const latencies = subscribers.flatMap((s) => measured.map((id) => s.received.get(id)!).map((r) => r.at - r.createdAt)).sort((a, b) => a - b);
  subscribers.forEach((s) => s.close());
  const grown = (key: 'heap' | 'rss') => after.reduce((sum, m, i) => sum + m[key] - before[i][key], 0) / subscribers.length;
  return {
    setup,
    subscribers: subscribers.length,
    events,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    heapBytesPerSubscription: Math.round(grown('heap')),
    rssBytesPerSubscription: Math.round(grown('rss')),
  };
}

/** One replica with 1,000 subscribers; two replicas sharing Redis with 500 each. Runs always go through the first. */
export async function runFanOut(env: Record<string, string>, demo: DemoSummary, events = 100): Promise<FanOutResult[]> {
  const config = loadConfig(env);
  const userId = (email: string) => demo.users.find((user) => user.email === email)!.id;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await signToken(config.jwt, { userId: userId(email) }, '2h')}`, 'x-organization-id': 'acme' });
  const people = { viewer: await bearer('viewer@acme.test'), editor: await bearer('editor@acme.test') };
  const replicaEnv = { ...env, WS_MAX_SOCKETS_PER_ORGANIZATION: '5000', LOG_LEVEL: 'info' };
  const results: FanOutResult[] = [];
  const single = await startReplica(replicaEnv);
  try {
    results.push(await measure('1 replica, 1,000 subscribers', [single], 1000, people, events));
  } finally {
    await single.stop();
  }
  const shared = { ...replicaEnv, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}:` };
  const pair = await Promise.all([startReplica(shared), startReplica(shared)]);
  try {
    results.push(await measure('2 replicas + Redis, 500 each', pair, 500, people, events));
  } finally {
    await Promise.all(pair.map((replica) => replica.stop()));
  }
  return results;
}

export function fanOutTable(results: FanOutResult[]): string {
  const rows = results.map((r) => `| ${r.setup} | ${r.events} | ${r.p50} | ${r.p99} | ${r.max} | ${r.heapBytesPerSubscription} | ${r.rssBytesPerSubscription} |`);
  return ['| fan-out | events | p50 ms | p99 ms | max ms | heap B/subscription | RSS B/subscription |', '|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}
