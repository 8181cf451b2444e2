import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { OPERATIONS_DIR } from '../runtime/paths.js';

/** What the worker says to the gateway: trusted operations only, named by id (an API key may send nothing else). */
const OPERATIONS = ['QueuedExecutions', 'ExecutionUpdates', 'ReportExecution'] as const;
type OperationName = (typeof OPERATIONS)[number];

function operationIds(): Record<OperationName, string> {
  const manifest = JSON.parse(readFileSync(path.join(OPERATIONS_DIR, 'manifest.json'), 'utf8')) as { operations: Array<{ id: string; name: string }> };
  const ids = Object.fromEntries(manifest.operations.map((operation) => [operation.name, operation.id]));
  for (const name of OPERATIONS) if (!ids[name]) throw new Error(`operations/manifest.json has no ${name}: run npm run codegen`);
  return ids as Record<OperationName, string>;
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The public API as the worker uses it: HTTP for queries and reports, WebSocket for the live feed. */
export class WorkerApi {
  private readonly ids = operationIds();
  readonly live: Client;

  constructor(private readonly url: string, private readonly apiKey: string) {
    this.live = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': apiKey },
      // The gateway restarting (1001) or a network blip: keep reconnecting; polling covers the gap.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
  }

  async call<T>(name: OperationName, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey },
      body: JSON.stringify({ documentId: this.ids[name], variables }),
    });
    return (await response.json()) as GraphQLResult<T>;
  }

  /** Subscribes to a trusted subscription by its hash; returns the unsubscribe function. */
  subscribe<T>(name: OperationName, onResult: (result: GraphQLResult<T>) => void): () => void {
    const payload = { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: this.ids[name] } } };
    return this.live.subscribe<T>(payload, { next: (result) => onResult(result as GraphQLResult<T>), error: () => undefined, complete: () => undefined });
  }

  dispose(): Promise<void> {
    return Promise.resolve(this.live.dispose());
  }
}
