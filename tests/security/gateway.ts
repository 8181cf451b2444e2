import { Writable } from 'node:stream';
import { signToken } from '../../src/auth/bearer-token.js';
import type { Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createLogger } from '../../src/runtime/logger.js';
import type { BucketStore } from '../../src/rate-limit/bucket-store.js';
import type { Redis } from '../../src/runtime/redis.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import type { Role } from '../../src/generated/prisma/client.js';
import { testConfig } from '../support/database.js';
import { createMember, createOrganization } from '../support/factories.js';

/**
 * The real server with what tests/support/server.ts does not offer: its log lines captured through
 * pino's destination stream, a Redis client, a rate-limit bucket store, and raw HTTP calls.
 */

export class LogCapture {
  private readonly chunks: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.chunks.push(chunk.toString());
      done();
    },
  });

  text(): string {
    return this.chunks.join('');
  }

  lines(): Array<Record<string, any>> {
    return this.text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, any>);
  }
}

/** What NODE_ENV=production needs on top of the test environment. */
export const PRODUCTION_ENV = { NODE_ENV: 'production', CREDENTIALS_KEY: Buffer.alloc(32, 9).toString('base64') };

export interface Reply {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> } & Record<string, any>;
}

export interface Gateway {
  config: Config;
  db: Database;
  server: RunningServer;
  logs: LogCapture;
  /** The server's origin (http://127.0.0.1:port), for routes other than /graphql. */
  origin: string;
  /** POSTs `body` as JSON to /graphql. */
  post(body: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Headers for a person (a signed bearer token), optionally in an organization. */
  as(userId: string, organization?: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  env?: Record<string, string>;
  redis?: Redis;
  rateLimitStore?: BucketStore;
  /** Defaults to the test database, opened with the gateway's settings. */
  database?: Database;
}

export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Reply['body'] };
  } catch {
    throw new Error(`The server answered ${response.status} with something other than JSON: ${text.slice(0, 200)}`);
  }
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const config = testConfig({ LOG_LEVEL: 'info', ...options.env });
  const logs = new LogCapture();
  // The gateway's own settings (DATABASE_ACQUIRE_TIMEOUT_MS, …) apply to the database it opens.
  const db = options.database ?? (await openDatabase(config.database));
  const server = await startServer(
    { config, database: db, logger: createLogger(config, logs.stream), redis: options.redis, rateLimitStore: options.rateLimitStore },
    0,
  );
  return {
    config,
    db,
    server,
    logs,
    origin: server.url.replace(/\/graphql$/, ''),
    post: async (body, headers = {}) =>
      readReply(await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })),
    as: async (userId, organization) => ({
      authorization: `Bearer ${await signToken(config.jwt, { userId }, '1h')}`,
      ...(organization ? { 'x-organization-id': organization } : {}),
    }),
    async stop() {
      await server.stop();
      await db.close().catch(() => undefined);
    },
  };
}

/** Retries `check` until it passes: the server records a request's log line and metrics as its response closes. */
export async function eventually<T>(check: () => Promise<T> | T, attempts = 40): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await check();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The value of one series on the gateway's /metrics, or undefined when it has none. */
export async function metricValue(g: Gateway, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${g.origin}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Runs `fn` while another session holds `table` exclusively (and, on the embedded database, its one connection). */
export function whileTableLocked<T>(g: Gateway, table: string, fn: () => Promise<T>): Promise<T> {
  return g.db.driver.transaction(async (sql) => {
    await sql.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
    return fn();
  });
}

/** A person with `role` in a new organization, and the headers that act as them there. */
export async function memberOfNewOrganization(g: Gateway, role: Role) {
  const organization = await createOrganization(g.db.base);
  const { user } = await createMember(g.db.base, organization.id, role);
  return { organizationId: organization.id, userId: user.id, headers: await g.as(user.id, organization.id) };
}

/** A production-configured gateway and the headers of an OWNER in a new organization on it. */
export async function startProductionGateway(): Promise<{ gateway: Gateway; owner: Record<string, string> }> {
  const gateway = await startGateway({ env: PRODUCTION_ENV });
  return { gateway, owner: (await memberOfNewOrganization(gateway, 'OWNER')).headers };
}
