import pg from 'pg';
import type { BusStatus, EventTransport } from './gateway-event.js';

const RETRY_MAX_MS = 2_000;

/**
 * PostgreSQL LISTEN/NOTIFY, for deployments without Redis. LISTEN needs a session of its own: a
 * dedicated client outside the pool (and not through a transaction-mode pooler), re-opened with
 * back-off when it drops. NOTIFY goes through the pool, after the work's transaction has committed.
 */
export function postgresTransport(url: string, channel: string, notify: (sql: string, params: unknown[]) => Promise<unknown>): EventTransport {
  let listener: pg.Client | undefined;
  let closed = false;
  let retries = 0;

  async function listen(message: (text: string) => void, status: (status: BusStatus) => void): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    const lost = () => {
      if (listener !== client) return;
      listener = undefined;
      status('interrupted');
      client.end().catch(() => undefined);
      setTimeout(() => void listen(message, status), Math.min(100 * 2 ** retries++, RETRY_MAX_MS)).unref();
    };
    listener = client;
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (notification) => {
      if (notification.channel === channel && notification.payload) message(notification.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
      retries = 0;
      status('resumed');
    } catch {
      lost();
    }
  }

  return {
    kind: 'postgres',
    start: ({ message, status }) => listen(message, status),
    async send(text) {
      await notify('SELECT pg_notify($1, $2)', [channel, text]);
    },
    async close() {
      closed = true;
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
