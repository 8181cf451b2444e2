import WebSocket from 'ws';

/**
 * A raw graphql-transport-ws client over a real socket, so tests see exactly what the gateway sends:
 * every message in order, and the close code. Waits are on messages and events, never on time.
 */
export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: any;
}

export interface Closed {
  code: number;
  reason: string;
}

export class SubscriptionClient {
  private readonly messages: ProtocolMessage[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly closed: Promise<Closed>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ProtocolMessage);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      this.waiters.splice(0).forEach((wake) => wake());
    }));
  }

  /** Opens a socket to the gateway's /graphql (http URL accepted), with optional upgrade headers. */
  static async open(httpUrl: string, headers: Record<string, string> = {}, protocol = 'graphql-transport-ws'): Promise<SubscriptionClient> {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), protocol, { headers });
    const client = new SubscriptionClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Opens and sends connection_init; resolves with the ack, or with the close if refused. */
  static async connect(httpUrl: string, payload: Record<string, unknown>, headers?: Record<string, string>) {
    const client = await SubscriptionClient.open(httpUrl, headers);
    client.send({ type: 'connection_init', payload });
    const first = await Promise.race([client.nextMessage(), client.closed]);
    return { client, acknowledged: 'type' in first && first.type === 'connection_ack', closed: 'code' in first ? first : undefined };
  }

  send(message: ProtocolMessage | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables, ...extra } });
  }

  /** The next message (for `id`, if given) not yet taken; rejects if the socket closes first. */
  async nextMessage(id?: string): Promise<ProtocolMessage> {
    for (;;) {
      const index = this.messages.findIndex((message) => message.type !== 'ping' && (id === undefined || message.id === id));
      if (index >= 0) return this.messages.splice(index, 1)[0];
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for a message${id ? ` for ${id}` : ''}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Everything received and not yet taken, for asserting that nothing else arrived. */
  pending(id?: string): ProtocolMessage[] {
    return this.messages.filter((message) => message.type !== 'ping' && (id === undefined || message.id === id));
  }

  close(): Promise<Closed> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(1000);
    return this.closed;
  }
}
