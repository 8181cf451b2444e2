import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../src/db/database.js';
import { startGateway } from '../security/gateway.js';
import { openTestDatabase, testEnv } from '../support/database.js';
import { runTsx } from '../support/process.js';

/** Where the gateway listens (HOST), and what an operator sees when it cannot. */

/** A port on 127.0.0.1 that something else already holds. */
async function takenPort(): Promise<{ port: number; release(): void }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as AddressInfo).port, release: () => holder.close() };
}

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('HOST', () => {
  it('is loopback by default outside production, so the development server is not on the network', async () => {
    const gateway = await startGateway({ database });
    try {
      expect((gateway.server.httpServer.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await gateway.server.stop();
    }
  });
});

describe('a port that is already taken', () => {
  it('stops `npm start` with exit 1 and one line naming PORT, no stack trace', async () => {
    const taken = await takenPort();
    try {
      // The real entry point, on the run's database (or an in-memory embedded one).
      const { NODE_ENV: _mode, ...env } = testEnv({ PORT: String(taken.port), LOG_LEVEL: 'info' });
      const result = await runTsx('src/main.ts', [], env);
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toEqual([`PORT=${taken.port} is already in use on 127.0.0.1: stop the process listening there, or set PORT to a free port.`]);
    } finally {
      taken.release();
    }
  }, 180_000);

  it('names METRICS_PORT when that is the one taken', async () => {
    const taken = await takenPort();
    try {
      await expect(startGateway({ database, env: { METRICS_PORT: String(taken.port) } })).rejects.toThrow(
        `METRICS_PORT=${taken.port} is already in use on 127.0.0.1`,
      );
    } finally {
      taken.release();
    }
  });
});
