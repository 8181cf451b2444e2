import type { EventTransport } from './gateway-event.js';

/** The embedded database serves one process: events stay in it. Delivered on a later tick, after the mutation's response is on its way. */
export function inProcessTransport(): EventTransport {
  let deliver: ((text: string) => void) | undefined;
  return {
    kind: 'in-process',
    async start(handlers) {
      deliver = handlers.message;
    },
    async send(text) {
      setImmediate(() => deliver?.(text));
    },
    async close() {
      deliver = undefined;
    },
  };
}
