import { parseOptions, required, UsageError } from '../cli/args.js';
import { createLogger } from '../runtime/logger.js';
import { startWorker } from './worker.js';

const USAGE = 'Usage: npm run worker -- --key <api key> [--url http://localhost:4000/graphql]';

/** `npm run worker`: the reference worker as its own process, until SIGTERM or Ctrl-C. */
function main(): void {
  const { values } = parseOptions(process.argv.slice(2), { key: { type: 'string' }, url: { type: 'string' } });
  const apiKey = required(values, 'key');
  const url = typeof values.url === 'string' ? values.url : 'http://localhost:4000/graphql';
  const logger = createLogger({ logLevel: 'info' });
  const worker = startWorker({ url, apiKey, logger });
  logger.info({ url }, 'worker: taking queued executions');
  const stop = () => void worker.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
