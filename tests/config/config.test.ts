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
    });
  });

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
