import { fork, type ChildProcess } from 'node:child_process';
import type { Variant } from './variants.js';

/** A variant in its own process (bench/gateway.ts), spoken to over the IPC channel. */

export interface VariantProcess {
  url: string;
  pid: number;
  /** `process.version` of the Node that runs the variant (see gatewayNode). */
  node: string;
  /** Current RSS and the peak since the previous call, in bytes, as the child sees /proc/self. */
  rss(): Promise<{ rss: number; peakRss: number }>;
  stop(): Promise<void>;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`bench/gateway.ts exited with ${code} before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** BENCH_CPU_PROF=<dir>: every gateway process the benchmark starts writes a V8 CPU profile there when it stops. */
export const profilingArgs = (): string[] => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []);

/**
 * BENCH_NODE=<path to a node binary> (or `npm run bench -- --node <path>`): the gateway processes run
 * on that Node instead of the one running the benchmark, so the numbers come from the runtime users
 * deploy on while the load generator stays put.
 */
export const gatewayNode = (): string => process.env.BENCH_NODE || process.execPath;

export async function forkVariant(variant: Variant, env: Record<string, string>): Promise<VariantProcess> {
  const child = fork(new URL('./gateway.ts', import.meta.url).pathname, ['--variant', variant], {
    env: { ...process.env, ...env },
    execPath: gatewayNode(),
    execArgv: ['--import', 'tsx', ...profilingArgs()],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const { url, node } = await nextMessage<{ url: string; node: string }>(child, 'ready');
    return {
      url,
      pid: child.pid!,
      node,
      rss: () => {
        const reply = nextMessage<{ rss: number; peakRss: number }>(child, 'rss');
        child.send({ type: 'rss' });
        return reply;
      },
      stop: async () => {
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
