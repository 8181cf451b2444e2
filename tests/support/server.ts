import { signToken } from '../../src/auth/bearer-token.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import type { IsolationMode } from '../../src/db/tenant.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/http/server.js';
import manifest from '../../operations/manifest.json' with { type: 'json' };
import { openTestDatabase, testConfig } from './database.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }> };
}

export interface CallOptions {
  variables?: Record<string, unknown>;
  /** A user id: the harness signs a bearer token for it. */
  as?: string;
  /** x-organization-id (id or slug). */
  org?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  config: Config;
  db: Database;
  server: RunningServer;
  /** Every SQL statement Prisma sent since the last reset. */
  queries: string[];
  gql<T = Record<string, any>>(query: string, options?: CallOptions): Promise<GraphQLResponse<T>>;
  token(userId: string, ttl?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  shield?: boolean;
  isolation?: IsolationMode;
  env?: Record<string, string>;
  ws?: ServerOptions['ws'];
}

/** The real HTTP server on a free port, over the test database (PGlite, or the run's PostgreSQL). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = testConfig(options.env);
  const queries: string[] = [];
  const db = await openTestDatabase({ onQuery: (event) => queries.push(event.query) });
  const server = await startServer(
    { config, database: db, logger: createLogger(config), shield: options.shield, isolation: options.isolation, ws: options.ws },
    0,
  );
  const token = (userId: string, ttl = '1h') => signToken(config.jwt, { userId }, ttl);

  async function gql<T>(query: string, call: CallOptions = {}): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
    if (call.as) headers.authorization = `Bearer ${await token(call.as)}`;
    if (call.apiKey) headers.authorization = `ApiKey ${call.apiKey}`;
    if (call.org) headers['x-organization-id'] = call.org;
    const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables: call.variables }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseBody<T>(text) };
  }

  return {
    config,
    db,
    server,
    queries,
    gql,
    token,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function parseBody<T>(text: string): GraphQLResponse<T>['body'] {
  try {
    return JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    throw new Error(`The server answered with something other than JSON: ${text.slice(0, 200)}`);
  }
}

/** The codes of a response's errors, for compact assertions. */
export const errorCodes = (response: GraphQLResponse) => (response.body.errors ?? []).map((error) => error.extensions?.code);

/** The text of a partner operation from operations/manifest.json: what API keys may send. */
export function partnerOperation(name: string): string {
  const operation = manifest.operations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`operations/manifest.json has no operation named ${name}`);
  return operation.body;
}
