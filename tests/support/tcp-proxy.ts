import net from 'node:net';

/**
 * A loopback TCP proxy in front of a local service (PostgreSQL, Redis), so a test can take the
 * service "down" and bring it back — refused connections, dropped sockets, slow links — without
 * stopping the real server that other tests share.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private holding = false;
  /** Chunks from clients waiting for `release()`, in arrival order. */
  private readonly held: Array<() => void> = [];
  private readonly holdWaiters: Array<() => void> = [];
  port = 0;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  async start(): Promise<number> {
    const server = net.createServer((client) => this.connect(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Like a service that stopped: open connections are cut and new ones refused. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * From now on, every chunk a client sends is held back until `release()`: whatever the client is
   * doing (a request's first statement) stays in flight exactly as long as the test wants.
   */
  hold(): void {
    this.holding = true;
  }

  /** Resolves once a chunk is being held: the client has sent something and waits for its answer. */
  somethingHeld(): Promise<void> {
    if (this.held.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.holdWaiters.push(resolve));
  }

  /** Forwards what was held, in order, and stops holding. */
  release(): void {
    this.holding = false;
    for (const forward of this.held.splice(0)) forward();
  }

  private connect(client: net.Socket) {
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      if (!this.holding) return upstream.write(chunk);
      this.held.push(() => upstream.write(chunk));
      for (const notify of this.holdWaiters.splice(0)) notify();
    });
    upstream.pipe(client);
  }
}
