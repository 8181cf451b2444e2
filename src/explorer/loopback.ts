import type { IncomingMessage } from 'node:http';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * A browser on this machine, talking to the gateway directly: the only one the explorer hands a
 * demo token to. A request relayed by a proxy (even a local one) carries forwarding headers and may
 * come from anywhere, so it does not count.
 */
export const fromThisMachine = (req: Pick<IncomingMessage, 'socket' | 'headers'>): boolean =>
  LOOPBACK.test(req.socket.remoteAddress ?? '') && !req.headers.forwarded && !req.headers['x-forwarded-for'];
