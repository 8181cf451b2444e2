import type { PrismaClient, TransactionClient } from './client.js';
import { joinRelations } from './tenant.js';

/** Runs one statement in the request's session (request-session.ts), which decides which transaction that is. */
export type RunInSession = <T>(statement: (tx: TransactionClient) => Promise<T>) => Promise<T>;

/**
 * A PrismaClient look-alike whose model delegates and raw methods run in the request's session, with
 * relation joins on. Each call hands `run` a function that builds its statement, so that a statement
 * can be built again for a fresh session. Pothos and the resolvers only await what these return.
 */
export function sessionClient(base: PrismaClient, run: RunInSession): PrismaClient {
  const delegates = new Map<string, unknown>();
  const delegate = (model: string) =>
    new Proxy(
      {},
      {
        get: (_target, operation) =>
          typeof operation !== 'string'
            ? undefined
            : (args: unknown) => run((tx) => (tx as any)[model][operation](joinRelations(operation, args))),
      },
    );
  return new Proxy({} as PrismaClient, {
    has: (_target, name) => name in base,
    get(_target, name) {
      if (typeof name !== 'string' || !(name in base)) return undefined;
      if (name.startsWith('$')) return (...args: unknown[]) => run((tx) => (tx as any)[name](...args));
      if (!delegates.has(name)) delegates.set(name, delegate(name));
      return delegates.get(name);
    },
  });
}
