import type { RequestHandler } from 'express';

/**
 * The gateway's shutdown state, shared by /readyz and every response. Once `start()` is called
 * (SIGTERM), readiness answers 503 so the load balancer takes the replica out, while requests are
 * still served; each response then asks its client to close the connection, so keep-alive clients
 * reconnect to another replica instead of reusing this one.
 */
export class Drain {
  private started = false;

  get active(): boolean {
    return this.started;
  }

  start(): void {
    this.started = true;
  }

  /** Adds `Connection: close` to responses once draining has started. */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      if (this.started) res.setHeader('Connection', 'close');
      next();
    };
  }
}
