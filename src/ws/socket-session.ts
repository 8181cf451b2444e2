import type { IncomingHttpHeaders } from 'node:http';
import type { Authentication } from '../auth/authenticate.js';
import type { AppError } from '../graphql/errors.js';

interface Closable {
  close(code: number, reason: string): void;
}

/**
 * One authenticated socket: who is on it, in which organization, which subscriptions run, and how it
 * ends. Ending aborts `signal`: every subscription's event stream then delivers the error as its last
 * result (or simply completes, at shutdown), and the socket closes once the last one has completed,
 * so the client receives those messages before the close frame.
 */
export class SocketSession {
  private readonly active = new Set<string>();
  private readonly ended = new AbortController();
  private readonly cleanups: Array<() => void> = [];
  private closing?: { code: number; reason: string };

  constructor(
    private readonly socket: Closable,
    readonly headers: IncomingHttpHeaders,
    readonly ip: string | undefined,
    readonly auth: Authentication & { organization: NonNullable<Authentication['organization']> },
    private readonly gauge: { inc(): void; dec(): void },
  ) {}

  get signal(): AbortSignal {
    return this.ended.signal;
  }

  get subscriptionCount(): number {
    return this.active.size;
  }

  /** Runs when the socket closes, however it closes. */
  onClose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  started(id: string): void {
    this.active.add(id);
    this.gauge.inc();
  }

  stopped(id: string): void {
    if (!this.active.delete(id)) return;
    this.gauge.dec();
    this.closeWhenIdle();
  }

  /** Ends the actor's subscriptions, each with `error` as its last result when given, then closes. */
  end(code: number, reason: string, error?: AppError): void {
    if (this.closing) return;
    this.closing = { code, reason };
    this.ended.abort(error);
    this.closeWhenIdle();
  }

  closed(): void {
    for (const id of this.active) this.stopped(id);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private closeWhenIdle(): void {
    if (!this.closing || this.active.size > 0) return;
    const { code, reason } = this.closing;
    // graphql-ws reports a completion before it sends `complete`: close once that send is queued.
    setImmediate(() => this.socket.close(code, reason));
  }
}
