import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEVELOPMENT_ORIGINS, originPatternProblem } from './http/origin-patterns.js';

/** The one place that reads the environment. Everything else receives a `Config`. */

const DEV_CREDENTIALS_KEY = Buffer.alloc(32, 'flowgate-development-only-key!!!').toString('base64');

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

const positiveInt = z.coerce.number().int().positive();
const port = z.coerce.number().int().min(0).max(65535);

/** A comma-separated list; every entry must be an origin (`scheme://host[:port]`, `:*` for any port). */
const originList = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
  .superRefine((entries, context) => {
    for (const entry of entries) {
      const problem = originPatternProblem(entry);
      if (problem) context.addIssue({ code: 'custom', message: `${JSON.stringify(entry)} ${problem}` });
    }
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(4000),
  /** Unset: loopback only in development, every interface in production (a container's port mapping). */
  HOST: z.string().regex(/^[^\s/:]+$|^[0-9a-f:.]+$/i, 'must be an IP address or a host name').optional(),
  CORS_ORIGINS: originList.optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  DATABASE_POOL_SIZE: positiveInt.max(500).default(10),
  /** Where the embedded database keeps its files; `memory://` keeps it in memory. */
  EMBEDDED_DATA_DIR: z.string().default('.flowgate/data'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  REDIS_PREFIX: z.string().regex(/^\S+$/, 'must not contain spaces').default('flowgate:'),
  APQ_TTL_SECONDS: positiveInt.default(86_400),
  METRICS_PORT: port.optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  CREDENTIALS_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  ENABLE_INTROSPECTION: boolean.optional(),
  ENABLE_EXPLORER: boolean.optional(),
  MAX_DEPTH: positiveInt.default(12),
  MAX_COST: positiveInt.default(5000),
  MAX_ALIASES: positiveInt.default(30),
  MAX_TOKENS: positiveInt.default(2000),
  MAX_BODY_BYTES: positiveInt.default(100_000),
  RATE_LIMIT_PER_MINUTE: positiveInt.optional(),
  PERSISTED_ONLY_FOR_API_KEYS: boolean.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(10_000),
  /** `npm start` on the embedded database runs the reference worker in process (never in production). */
  EMBEDDED_WORKER: boolean.default(true),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: positiveInt.default(20),
  WS_MAX_SOCKETS_PER_ORGANIZATION: positiveInt.default(1000),
  /** How long a request waits for a pooled connection before SERVICE_UNAVAILABLE (HTTP 503). */
  DATABASE_ACQUIRE_TIMEOUT_MS: positiveInt.default(5_000),
  /** Streaming standbys for query operations (SPEC §11); comma-separated postgresql:// URLs. */
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'each entry must be a postgresql:// URL')))
    .optional(),
  /** LISTEN for subscription events on this direct connection: a transaction-mode pooler cannot carry LISTEN. */
  DATABASE_LISTEN_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  /** A standby further behind the primary than this is skipped; its reads go to the primary. */
  DATABASE_REPLICA_MAX_LAG_MS: positiveInt.default(5_000),
  /** Named (prepared) statements; turn off behind a pooler that cannot keep them (PgBouncer < 1.21). */
  DATABASE_PREPARED_STATEMENTS: boolean.default(true),
  /** Fair share (SPEC §11); unset ones are derived from DATABASE_POOL_SIZE in fairnessSettings. */
  TENANT_MAX_CONNECTIONS: positiveInt.optional(),
  TENANT_MAX_IN_FLIGHT: positiveInt.optional(),
  TENANT_MAX_QUEUED: z.coerce.number().int().min(0).default(100),
  TENANT_MAX_WAIT_MS: positiveInt.default(10_000),
  ADMISSION_MAX_IN_FLIGHT: positiveInt.optional(),
  TENANT_COST_PER_MINUTE: positiveInt.optional(),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  /** The listen address. */
  host: string;
  /** Origins allowed to call the API from a browser: exact origins, `:*` for any port, or `*`. */
  cors: { origins: string[] };
  database: {
    url?: string;
    poolSize: number;
    embeddedDataDir: string;
    statementTimeoutMs: number;
    acquireTimeoutMs: number;
    preparedStatements: boolean;
    /** Read replicas (DATABASE_REPLICA_URLS); none when unset. */
    replicaUrls?: string[];
    replicaMaxLagMs?: number;
    /** Where subscription events are LISTENed for (DATABASE_LISTEN_URL); DATABASE_URL when unset. */
    listenUrl?: string;
  };
  redisUrl?: string;
  /** Put before every Redis key the gateway writes, so deployments can share one Redis. */
  redisPrefix: string;
  apqTtlSeconds: number;
  /** `/metrics` on its own port (not on `port`), and/or only with `Authorization: Bearer <token>`. */
  metrics: { port?: number; token?: string };
  /** After SIGTERM: how long /readyz says 503 while requests are still served, before draining. */
  shutdownDelayMs: number;
  /** `developmentSecretFile`: set when no JWT_SECRET was given and the secret came from this checkout's file. */
  jwt: { secret: Uint8Array; developmentSecretFile?: string; jwksUrl?: string; issuer?: string; audience?: string };
  credentialsKey: Buffer;
  introspection: boolean;
  explorer: boolean;
  limits: { maxDepth: number; maxCost: number; maxAliases: number; maxTokens: number; maxBodyBytes: number };
  rateLimit: { userPerMinute: number; apiKeyPerMinute: number };
  persistedOnlyForApiKeys: boolean;
  logLevel: string;
  /** Subscriptions: per socket, and open sockets per organization on each replica. */
  ws: { maxSubscriptionsPerSocket: number; maxSocketsPerOrganization: number };
  /** Run the reference worker in process on the embedded database (development only). */
  embeddedWorker: boolean;
  fairness: FairnessConfig;
}

/** Fair share between organizations on one replica (SPEC §11; README "Fair share between tenants"). */
export interface FairnessConfig {
  /** Pool connections one organization may hold at once (TENANT_MAX_CONNECTIONS). */
  maxConnectionsPerTenant: number;
  /** Requests running at once: per organization, and all together (TENANT_MAX_IN_FLIGHT, ADMISSION_MAX_IN_FLIGHT). */
  maxInFlightPerTenant: number;
  maxInFlight: number;
  /** Requests one organization may have waiting, and how long each may wait (TENANT_MAX_QUEUED, TENANT_MAX_WAIT_MS). */
  maxQueuedPerTenant: number;
  maxWaitMs: number;
  /** Query-cost units per organization per minute at plan FREE; unset: no budget (TENANT_COST_PER_MINUTE). */
  costPerMinute?: number;
}

export class ConfigError extends Error {}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
}

/**
 * Without JWT_SECRET in development, a random secret is made once per checkout and kept beside the
 * embedded database, so that `npm start` and `flowgate token` (two processes) agree on it.
 */
const developmentSecretFile = (stateDir: string) => path.join(stateDir === '.' ? '.flowgate' : stateDir, 'dev-jwt-secret');

function developmentJwtSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${describeIssues(parsed.error)}`);
  return parsed.data;
}

const databaseEnvSchema = envSchema.pick({
  DATABASE_URL: true,
  DATABASE_POOL_SIZE: true,
  EMBEDDED_DATA_DIR: true,
  DB_STATEMENT_TIMEOUT_MS: true,
  DATABASE_ACQUIRE_TIMEOUT_MS: true,
  DATABASE_PREPARED_STATEMENTS: true,
  DATABASE_REPLICA_URLS: true,
  DATABASE_REPLICA_MAX_LAG_MS: true,
  DATABASE_LISTEN_URL: true,
});

function databaseSettings(e: z.infer<typeof databaseEnvSchema>): Config['database'] {
  if (e.DATABASE_REPLICA_URLS?.length && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_REPLICA_URLS: needs DATABASE_URL (the primary); the embedded database has no replicas');
  }
  return {
    url: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    embeddedDataDir: e.EMBEDDED_DATA_DIR,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    acquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
    preparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    replicaUrls: e.DATABASE_REPLICA_URLS ?? [],
    replicaMaxLagMs: e.DATABASE_REPLICA_MAX_LAG_MS,
    listenUrl: e.DATABASE_LISTEN_URL,
  };
}

/**
 * Only the database settings, for `npm run migrate`: a migration job (the container's one-off step)
 * has no business holding the JWT secret or the credentials key, so it is not asked for them.
 */
export function loadDatabaseConfig(env: Env = process.env): Config['database'] {
  return databaseSettings(parseEnv(databaseEnvSchema, env));
}

function fairnessSettings(e: z.infer<typeof envSchema>): FairnessConfig {
  const pool = e.DATABASE_POOL_SIZE;
  const maxConnectionsPerTenant = e.TENANT_MAX_CONNECTIONS ?? Math.max(1, Math.floor(pool / 2));
  if (maxConnectionsPerTenant > pool) {
    throw new ConfigError(`Invalid configuration:\n  TENANT_MAX_CONNECTIONS: must be at most DATABASE_POOL_SIZE (${pool})`);
  }
  // A replica is CPU-bound: beyond two, a tenant's requests only slow everyone's (bench/noisy-neighbour.ts).
  const maxInFlightPerTenant = e.TENANT_MAX_IN_FLIGHT ?? Math.min(2, maxConnectionsPerTenant);
  const maxInFlight = e.ADMISSION_MAX_IN_FLIGHT ?? 2 * pool;
  if (maxInFlightPerTenant > maxInFlight) {
    throw new ConfigError(`Invalid configuration:\n  TENANT_MAX_IN_FLIGHT: must be at most ADMISSION_MAX_IN_FLIGHT (${maxInFlight})`);
  }
  return {
    maxConnectionsPerTenant,
    maxInFlightPerTenant,
    maxInFlight,
    maxQueuedPerTenant: e.TENANT_MAX_QUEUED,
    maxWaitMs: e.TENANT_MAX_WAIT_MS,
    costPerMinute: e.TENANT_COST_PER_MINUTE,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const e = parseEnv(envSchema, env);
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET && !e.JWT_JWKS_URL) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
  }
  if (production && !e.CREDENTIALS_KEY) {
    throw new ConfigError('Invalid configuration:\n  CREDENTIALS_KEY: required when NODE_ENV=production');
  }
  const secretFile = e.JWT_SECRET ? undefined : developmentSecretFile(path.dirname(e.EMBEDDED_DATA_DIR));
  const secret = e.JWT_SECRET ?? developmentJwtSecret(secretFile!);
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    cors: { origins: e.CORS_ORIGINS ?? (production ? [] : DEVELOPMENT_ORIGINS) },
    database: databaseSettings(e),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    apqTtlSeconds: e.APQ_TTL_SECONDS,
    metrics: { port: e.METRICS_PORT, token: e.METRICS_TOKEN },
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS ?? (production ? 5_000 : 0),
    jwt: {
      secret: new TextEncoder().encode(secret),
      developmentSecretFile: secretFile,
      jwksUrl: e.JWT_JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
    },
    credentialsKey: Buffer.from(e.CREDENTIALS_KEY ?? DEV_CREDENTIALS_KEY, 'base64'),
    introspection: e.ENABLE_INTROSPECTION ?? !production,
    explorer: e.ENABLE_EXPLORER ?? !production,
    limits: {
      maxDepth: e.MAX_DEPTH,
      maxCost: e.MAX_COST,
      maxAliases: e.MAX_ALIASES,
      maxTokens: e.MAX_TOKENS,
      maxBodyBytes: e.MAX_BODY_BYTES,
    },
    rateLimit: {
      userPerMinute: e.RATE_LIMIT_PER_MINUTE ?? 600,
      apiKeyPerMinute: e.RATE_LIMIT_PER_MINUTE ?? 1200,
    },
    persistedOnlyForApiKeys: e.PERSISTED_ONLY_FOR_API_KEYS,
    logLevel: e.LOG_LEVEL,
    embeddedWorker: e.EMBEDDED_WORKER && !production,
    ws: { maxSubscriptionsPerSocket: e.WS_MAX_SUBSCRIPTIONS_PER_SOCKET, maxSocketsPerOrganization: e.WS_MAX_SOCKETS_PER_ORGANIZATION },
    fairness: fairnessSettings(e),
  };
}
