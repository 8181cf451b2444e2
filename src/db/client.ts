import { PrismaClient } from '../generated/prisma/client.js';
import type { Driver } from './driver.js';

export type { PrismaClient };
export type TransactionClient = Omit<
  PrismaClient,
  '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'
>;

export interface QueryEvent {
  query: string;
  durationMs: number;
}

/**
 * The base client: it connects as the login role, which bypasses row-level security. It is never
 * handed to resolvers directly; see tenant.ts (scoped) and privileged.ts (the named exceptions).
 */
export function createPrismaClient(driver: Driver, onQuery?: (event: QueryEvent) => void): PrismaClient {
  const client = new PrismaClient({
    adapter: driver.adapter,
    log: onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (onQuery) {
    (client as PrismaClient<'query'>).$on('query', (event) => onQuery({ query: event.query, durationMs: event.duration }));
  }
  return client;
}
