import { loadConfig } from '../src/config.js';
import { bufferedDestination, createLogger } from '../src/runtime/logger.js';
import { isVariant, startVariant } from './variants.js';

/**
 * `tsx bench/gateway.ts --variant X`, forked by run.ts: one variant alone in its own process, so its
 * RSS is its own. RSS is sampled every 100 ms; the parent asks for the peak since it last asked.
 * Logs are written in full (JSON, level from the environment, buffered as in production) to
 * /dev/null: their cost is real.
 */

const variant = process.argv[process.argv.indexOf('--variant') + 1];
if (!isVariant(variant) || !process.send) {
  console.error('usage: forked by bench/run.ts with --variant gateway|no-shield|no-rls|floor');
  process.exit(2);
}

const config = loadConfig(process.env);
const logger = createLogger(config, bufferedDestination('/dev/null'));
const running = await startVariant(variant, config, { logger });

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

process.on('message', async (message: { type: string }) => {
  if (message.type === 'rss') {
    process.send!({ type: 'rss', rss: process.memoryUsage().rss, peakRss });
    peakRss = process.memoryUsage().rss;
  } else if (message.type === 'stop') {
    clearInterval(sampler);
    await running.stop();
    process.exit(0);
  }
});
process.send({ type: 'ready', url: running.url, node: process.version });
