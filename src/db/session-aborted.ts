import { someCause } from './unavailable.js';

/** SQLSTATE 25P02: once one statement of a transaction failed, PostgreSQL refuses every later one. */
const IN_FAILED_TRANSACTION = '25P02';

/** Prisma's words for a statement sent to a transaction it has already closed (rolled back, committed or expired). */
const TRANSACTION_CLOSED = /Transaction already closed|Transaction not found/;

/**
 * Did this statement fail only because its request session had failed or closed before it ran, and
 * not for a fault of its own? Such a statement is worth running once more in a fresh session.
 */
export function failedWithItsSession(error: unknown): boolean {
  return someCause(error, ({ code, message }) => code === IN_FAILED_TRANSACTION || (typeof message === 'string' && TRANSACTION_CLOSED.test(message)));
}

/**
 * Errors Prisma raises although the database refused nothing, so the transaction is still usable:
 * P2025, an `…OrThrow` read (or a write through a relation) whose statement found no row, and an
 * invalid query, which is never sent. Anything else may have aborted the session.
 */
export function leftItsSessionUsable(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return code === 'P2025' || name === 'PrismaClientValidationError';
}
