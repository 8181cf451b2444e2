import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';
import { runTsx } from '../support/process.js';

/**
 * Configuration is read once at start-up (SPEC §2). A bad value must stop start-up with a message
 * that names the variable, never be silently replaced by a default.
 */

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), EMBEDDED_DATA_DIR: 'memory://' };

function failureOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 4000,
      database: { url: undefined, poolSize: 10 },
      limits: { maxDepth: 12, maxCost: 5000, maxAliases: 30, maxTokens: 2000, maxBodyBytes: 100_000 },
      rateLimit: { userPerMinute: 600, apiKeyPerMinute: 1200 },
      persistedOnlyForApiKeys: true,
      introspection: true,
      explorer: true,
      host: '127.0.0.1',
      cors: { origins: ['http://localhost:*', 'http://127.0.0.1:*'] },
      redisPrefix: 'flowgate:',
      apqTtlSeconds: 86_400,
      metrics: { port: undefined, token: undefined },
      shutdownDelayMs: 0,
    });
  });

  it('listens on every interface, allows no browser origin and waits 5 s before draining in production', () => {
    const production = loadConfig({ ...base, NODE_ENV: 'production', CREDENTIALS_KEY: randomBytes(32).toString('base64') });
    expect(production).toMatchObject({ host: '0.0.0.0', cors: { origins: [] }, shutdownDelayMs: 5_000 });
  });

  it('reads CORS_ORIGINS as a comma-separated list of origins', () => {
    const config = loadConfig({ ...base, CORS_ORIGINS: ' https://app.example.com,http://localhost:*, http://[::1]:8080 ' });
    expect(config.cors.origins).toEqual(['https://app.example.com', 'http://localhost:*', 'http://[::1]:8080']);
    expect(loadConfig({ ...base, CORS_ORIGINS: '*' }).cors.origins).toEqual(['*']);
  });

  it.each(['localhost:3000', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com', 'http://a.test:99999', 'https://*.example.com'])(
    'refuses the CORS_ORIGINS entry %s, quoting it',
    (entry) => {
      const message = failureOf({ CORS_ORIGINS: `https://fine.example.com,${entry}` });
      expect(message).toContain('CORS_ORIGINS');
      expect(message).toContain(JSON.stringify(entry));
    },
  );

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_POOL_SIZE', '0'],
    ['REDIS_URL', 'localhost:6379'],
    ['JWT_SECRET', 'short'],
    ['CREDENTIALS_KEY', Buffer.alloc(16).toString('base64')],
    ['MAX_DEPTH', '-1'],
    ['PERSISTED_ONLY_FOR_API_KEYS', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['HOST', 'http://0.0.0.0'],
    ['REDIS_PREFIX', 'two words'],
    ['APQ_TTL_SECONDS', '0'],
    ['METRICS_PORT', '70000'],
    ['METRICS_TOKEN', 'short'],
    ['SHUTDOWN_DELAY_MS', '-1'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(failureOf({ [name]: value })).toContain(name);
  });

  it('requires JWT_SECRET and CREDENTIALS_KEY in production, and turns the explorer and introspection off', () => {
    expect(failureOf({ NODE_ENV: 'production', JWT_SECRET: '' })).toContain('JWT_SECRET');
    expect(failureOf({ NODE_ENV: 'production' })).toContain('CREDENTIALS_KEY');
    const production = loadConfig({ ...base, NODE_ENV: 'production', CREDENTIALS_KEY: randomBytes(32).toString('base64') });
    expect(production).toMatchObject({ production: true, introspection: false, explorer: false });
    const opted = loadConfig({ ...base, NODE_ENV: 'production', CREDENTIALS_KEY: randomBytes(32).toString('base64'), ENABLE_EXPLORER: 'true' });
    expect(opted.explorer).toBe(true);
  });
});

describe('start-up', () => {
  it('stops with a non-zero exit and a message naming the bad variable', async () => {
    const result = await runTsx('src/main.ts', [], { ...base, PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PORT');
    expect(result.stdout).not.toContain('flowgate listening');
  });
});

describe('fair share settings', () => {
  it('derives the documented defaults from DATABASE_POOL_SIZE', () => {
    expect(loadConfig(base).fairness).toEqual({
      maxConnectionsPerTenant: 5,
      maxInFlightPerTenant: 2,
      maxInFlight: 20,
      maxQueuedPerTenant: 100,
      maxWaitMs: 10_000,
      costPerMinute: undefined,
    });
    expect(loadConfig({ ...base, DATABASE_POOL_SIZE: '1' }).fairness).toMatchObject({ maxConnectionsPerTenant: 1, maxInFlightPerTenant: 1 });
    expect(loadConfig({ ...base, TENANT_COST_PER_MINUTE: '3000' }).fairness.costPerMinute).toBe(3000);
  });

  it('refuses bounds that contradict each other or are not numbers', () => {
    expect(failureOf({ DATABASE_POOL_SIZE: '4', TENANT_MAX_CONNECTIONS: '5' })).toMatch(/TENANT_MAX_CONNECTIONS: must be at most DATABASE_POOL_SIZE \(4\)/);
    expect(failureOf({ TENANT_MAX_IN_FLIGHT: '8', ADMISSION_MAX_IN_FLIGHT: '4' })).toMatch(/TENANT_MAX_IN_FLIGHT: must be at most ADMISSION_MAX_IN_FLIGHT \(4\)/);
    expect(failureOf({ TENANT_COST_PER_MINUTE: 'lots' })).toMatch(/TENANT_COST_PER_MINUTE/);
    expect(failureOf({ TENANT_MAX_WAIT_MS: '0' })).toMatch(/TENANT_MAX_WAIT_MS/);
  });
});
