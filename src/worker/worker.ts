/**
 * src/worker/: the reference worker that moves executions QUEUED → RUNNING → SUCCEEDED | FAILED
 * through the public API (an API key with executions:read and executions:report). It talks to the
 * gateway only over HTTP and WebSocket, like any partner's worker; it imports runtime/ and nothing else of src/.
 */
import type { Logger } from 'pino';
import { WorkerApi, type GraphQLResult } from './worker-api.js';

export interface WorkerOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  apiKey: string;
  logger: Logger;
  /** How long a run "works" before it reports its outcome, so RUNNING can be seen. */
  stepMs?: number;
  /** Queued executions are also looked up this often, in case an event was missed. */
  pollIntervalMs?: number;
}

interface QueuedExecution {
  id: string;
  status: string;
  input: unknown;
}

type Queued = { organization: { executions: { edges: Array<{ node: QueuedExecution }> } } | null };

/** The reference "run": `{ "fail": true }` in the input fails it; anything else succeeds and is echoed. */
function outcomeOf(input: unknown) {
  const fail = typeof input === 'object' && input !== null && (input as { fail?: unknown }).fail === true;
  return fail ? { status: 'FAILED', error: 'The input asked this run to fail' } : { status: 'SUCCEEDED', output: { echo: input ?? null } };
}

export function startWorker({ url, apiKey, logger, stepMs = 500, pollIntervalMs = 10_000 }: WorkerOptions) {
  const api = new WorkerApi(url, apiKey);
  const taking = new Map<string, Promise<void>>();

  async function report(executionId: string, fields: Record<string, unknown>): Promise<boolean> {
    const result = await api.call('ReportExecution', { input: { executionId, ...fields } });
    // CONFLICT: another worker took it, or someone cancelled it; not this worker's problem.
    if (result.errors) logger.info({ executionId, code: result.errors[0]?.extensions?.code }, 'worker: report refused');
    return !result.errors;
  }

  async function run(execution: QueuedExecution): Promise<void> {
    if (!(await report(execution.id, { status: 'RUNNING' }))) return;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    const outcome = outcomeOf(execution.input);
    await report(execution.id, outcome);
    logger.info({ executionId: execution.id, status: outcome.status }, 'worker: execution finished');
  }

  function take(execution: QueuedExecution): void {
    if (execution.status !== 'QUEUED' || taking.has(execution.id)) return;
    const done = run(execution)
      .catch((error: Error) => logger.warn({ executionId: execution.id, err: { message: error.message } }, 'worker: run failed'))
      .finally(() => taking.delete(execution.id));
    taking.set(execution.id, done);
  }

  async function poll(): Promise<void> {
    const result: GraphQLResult<Queued> = await api.call<Queued>('QueuedExecutions').catch(() => ({}));
    for (const edge of result.data?.organization?.executions.edges ?? []) take(edge.node);
  }

  const unsubscribe = api.subscribe<{ executionUpdated: QueuedExecution }>('ExecutionUpdates', (result) => {
    if (result.data?.executionUpdated) take(result.data.executionUpdated);
    else void poll(); // events may have been missed (the gateway said so): look
  });
  api.live.on('connected', () => void poll());
  const timer = setInterval(() => void poll(), pollIntervalMs).unref();

  return {
    /** Stops taking work and waits for the runs in progress to report. */
    async stop(): Promise<void> {
      clearInterval(timer);
      unsubscribe();
      await Promise.all(taking.values());
      await api.dispose();
    },
  };
}
