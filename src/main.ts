import { loadConfig } from './config.js';
import { describeStartupError } from './runtime/startup-errors.js';
import { openDatabase } from './db/database.js';
import { seedDemoOnce } from './db/seed-once.js';
import { createLogger } from './runtime/logger.js';
import { demoExplorerHeaders, demoTokens, printBanner, printDatabaseBanner } from './runtime/banner.js';
import { connectRedis } from './runtime/redis.js';
import { startServer } from './http/server.js';
import { startWorker } from './worker/worker.js';

/** Start-up: configuration → database → server → graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase(config.database, { serve: true });
  const demo = database.driver.kind === 'embedded' ? await seedDemoOnce(database, config) : undefined;
  const tokens = demo ? await demoTokens(config, demo) : [];
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const server = await startServer({ config, database, logger, redis, explorerHeaders: demo && demoExplorerHeaders(config, demo) });
  logger.info({ port: server.port, database: database.driver.kind }, 'flowgate listening');
  if (demo) printBanner(config, server.port, tokens, demo);
  else if (config.database.url && config.env === 'development') printDatabaseBanner(config, config.database.url, server.port);
  // On the embedded database nothing else would move executions: run the reference worker, with
  // each demo organization's key, through the public API like any worker (never in production).
  const workers = demo && config.embeddedWorker
    ? demo.apiKeys.map(({ key }) => startWorker({ url: `http://127.0.0.1:${server.port}/graphql`, apiKey: key, logger }))
    : [];

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, delayMs: config.shutdownDelayMs }, 'shutting down: not ready, still serving until the delay ends, then draining');
    try {
      await Promise.all(workers.map((worker) => worker.stop()));
      await server.stop(config.shutdownDelayMs);
      await redis?.quit().catch(() => undefined);
      await database.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      // A stop that fails must still end the process, or the orchestrator waits for its kill timeout.
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(describeStartupError(error));
  process.exit(1);
});
