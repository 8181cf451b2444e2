import { someCause, type ErrorShape } from './unavailable.js';

/**
 * DESIGN — reads ride out a database restart (SPEC §11 "Database restarts").
 *
 * A restart or a failover takes the database away for a second or two: connections in use break
 * (57P01 "terminating connection due to administrator command", "Connection terminated"), new ones
 * are refused (ECONNREFUSED) and then told to wait (57P03 "the database system is starting up"). A
 * read that meets one of these is worth running again on a fresh connection a moment later, for as
 * long as it would have waited for a connection anyway (DATABASE_ACQUIRE_TIMEOUT_MS); after that it
 * is SERVICE_UNAVAILABLE as before. Only reads: a mutation is never retried by the gateway, because
 * whether its COMMIT reached the database before the connection broke is unknown here; the client
 * retries it, with its idempotency key where it has one.
 *
 * The window counts from the start of the outage, not from each read's first failure: once the
 * database has been away longer than the window, a read fails at once, as before, instead of every
 * request holding its admission slot for the whole window during a real outage.
 *
 * Saturation (no connection within the acquire timeout) and statement timeouts are not "away": they
 * already waited their full time.
 */

const AWAY_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const AWAY_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
const AWAY_PRISMA_CODES = new Set(['P1001', 'P1017']);
const AWAY_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed']);
const AWAY_MESSAGES = ['Connection terminated', 'Client has encountered a connection error', 'server conn crashed', 'server closed the connection'];

function away({ code, kind, message }: ErrorShape): boolean {
  if (typeof code === 'string' && (AWAY_SQLSTATES.has(code) || AWAY_NETWORK_CODES.has(code) || AWAY_PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof kind === 'string' && AWAY_ADAPTER_KINDS.has(kind)) return true;
  return typeof message === 'string' && AWAY_MESSAGES.some((text) => message.includes(text));
}

export const isDatabaseAway = (error: unknown): boolean => someCause(error, away);

/** Between attempts: long enough not to spin against a refusing port, short against a 2 s restart. */
const PAUSE_MS = 100;

/** When the database (as one gateway sees it) went away; cleared by the next statement that succeeds. */
export class Outage {
  private since: number | undefined;

  /** The end of the retry window for an outage seen now. */
  deadline(windowMs: number): number {
    this.since ??= Date.now();
    return this.since + windowMs;
  }

  over(): void {
    this.since = undefined;
  }
}

/**
 * Runs `attempt` again while it fails because the database is away, until `windowMs` after the
 * outage began; then its last error stands. `attempt` must be a read, and must open what it needs afresh.
 */
export async function retryWhileAway<T>(attempt: () => Promise<T>, windowMs: number, outage = new Outage()): Promise<T> {
  for (;;) {
    try {
      const result = await attempt();
      outage.over();
      return result;
    } catch (error) {
      if (!isDatabaseAway(error)) throw error;
      if (Date.now() + PAUSE_MS > outage.deadline(windowMs)) throw error;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}
