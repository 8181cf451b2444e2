/**
 * Is this error the database being saturated or away, rather than a bug or a bad request? Such a
 * request is worth retrying in a moment, so the client is told SERVICE_UNAVAILABLE (HTTP 503,
 * Retry-After) instead of a masked INTERNAL_SERVER_ERROR. Prisma, its pg adapter and node-postgres
 * each report these in their own shape; this is the one place that knows them.
 */

const PRISMA_CODES = new Set([
  'P1001', // can't reach the database server
  'P1002', // the server was reached but timed out
  'P1008', // operation timed out
  'P1017', // the server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API: no connection within maxWait, or the transaction expired meanwhile
]);

const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * PostgreSQL SQLSTATEs: shutting down, starting up, out of connections, and class 08 (connection);
 * and 57014, a statement cancelled by DB_STATEMENT_TIMEOUT_MS (the only canceller here): under
 * overload statements queue in the database too, and one that did not get its answer in time is
 * worth retrying in a moment.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

const MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Unable to start a transaction in the given time',
];

export interface ErrorShape {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
}

/**
 * A read that arrives after its request's session ended (request-session.ts): the client went away
 * and nobody will see the answer. Reported like an unavailable database, so it is no error-level log.
 */
const SESSION_ENDED = 'SessionEndedError';

function matches(error: ErrorShape): boolean {
  if ((error as { name?: unknown }).name === SESSION_ENDED) return true;
  const code = typeof error.code === 'string' ? error.code : '';
  if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof error.kind === 'string' && ADAPTER_KINDS.has(error.kind)) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return MESSAGES.some((text) => message.includes(text));
}

/** Does `error`, or an error it wraps, pass `test`? Prisma, its pg adapter and node-postgres each nest the cause differently. */
export function someCause(error: unknown, test: (shape: ErrorShape) => boolean): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 12; seen += 1) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null) continue;
    const shape = current as ErrorShape;
    if (test(shape)) return true;
    pending.push(shape.cause, shape.originalError, shape.meta?.driverAdapterError?.cause, (shape as { errors?: unknown[] }).errors?.[0]);
  }
  return false;
}

export const isDatabaseUnavailable = (error: unknown): boolean => someCause(error, matches);
