import WebSocket from 'ws';

/** One subscriber of the fan-out benchmark: a raw graphql-transport-ws socket that timestamps every event. */
export interface Subscriber {
  /** Per execution id: when its first event arrived (ms since epoch) and what createdAt it carried. */
  received: Map<string, { at: number; createdAt: number }>;
  close(): void;
}

const SUBSCRIPTION = 'subscription { executionUpdated { id status createdAt } }';

export function subscribe(wsUrl: string, connectionParams: Record<string, string>, onEvent: (executionId: string) => void): Promise<Subscriber> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  const received: Subscriber['received'] = new Map();
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    socket.once('close', (code, reason) => reject(new Error(`subscriber closed: ${code} ${String(reason)}`)));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: { data?: { executionUpdated?: { id: string; createdAt: string } } } };
      if (message.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
        return resolve({ received, close: () => socket.close(1000) });
      }
      const execution = message.payload?.data?.executionUpdated;
      if (message.type === 'next' && execution && !received.has(execution.id)) {
        received.set(execution.id, { at: Date.now(), createdAt: Date.parse(execution.createdAt) });
        onEvent(execution.id);
      }
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
