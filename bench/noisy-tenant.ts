import { runTenant, type TenantLoad } from './noisy-load.js';

/** One tenant's load generator, forked by bench/noisy-load.ts: runs the load it is sent, sends back its result. */
process.once('message', async ({ urls, load, duration }: { urls: string[]; load: TenantLoad; duration: number }) => {
  process.send!(await runTenant(urls, load, duration));
  process.exit(0);
});
