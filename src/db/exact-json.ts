import { Prisma } from '../generated/prisma/client.js';

/**
 * A JSON value as Prisma must be handed it for the column to keep it exactly. Prisma 7's query
 * compiler rounds a bare JSON number (a Json column holding just a number, not inside an object or
 * array) to 16 significant digits on its way to PostgreSQL: 0.30000000000000004 was stored as 0.3.
 * Given as a Decimal, the number reaches jsonb digit for digit; numbers inside objects and arrays
 * already do.
 */
export function exactJson<T extends Prisma.InputJsonValue | undefined>(value: T): T {
  return (typeof value === 'number' ? new Prisma.Decimal(String(value)) : value) as T;
}
