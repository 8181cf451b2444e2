/**
 * src/events/: execution and membership events, published after their transaction commits, carried
 * between replicas by Redis, LISTEN/NOTIFY or in process. Ids only. It may import runtime/ and
 * graphql/errors; nothing in it reads a transport (http/, ws/).
 */
import type { Logger } from 'pino';
import { parseEvent, type BusStatus, type EventTransport, type GatewayEvent } from './gateway-event.js';

export interface BusListener {
  event(event: GatewayEvent): void;
  status(status: BusStatus): void;
}

/**
 * Publishes committed work to every replica and hands what arrives to this replica's listeners,
 * indexed by organization so an event costs one look-up, not one check per open subscription.
 * Callers publish only after their transaction has committed (see the execution services).
 */
export class EventBus {
  private readonly byOrganization = new Map<string, Set<BusListener>>();
  private readonly everyone = new Set<BusListener>();
  private down = false;

  constructor(
    private readonly transport: EventTransport,
    private readonly logger: Logger,
  ) {}

  get kind(): EventTransport['kind'] {
    return this.transport.kind;
  }

  async start(): Promise<this> {
    await this.transport.start({ message: (text) => this.deliver(text), status: (status) => this.changed(status) });
    return this;
  }

  /** Never throws: the work is committed, and a lost event is what the bus signals to subscribers. */
  async publish(event: GatewayEvent): Promise<void> {
    try {
      await this.transport.send(JSON.stringify(event));
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, event: event.kind }, 'event not published: event bus unavailable');
    }
  }

  listen(organizationId: string, listener: BusListener): () => void {
    let listeners = this.byOrganization.get(organizationId);
    if (!listeners) this.byOrganization.set(organizationId, (listeners = new Set()));
    listeners.add(listener);
    this.everyone.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.byOrganization.delete(organizationId);
      this.everyone.delete(listener);
    };
  }

  /** Listeners for one organization on this replica (subscriptions plus session watches). */
  listenerCount(organizationId: string): number {
    return this.byOrganization.get(organizationId)?.size ?? 0;
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private deliver(text: string): void {
    const event = parseEvent(text);
    if (!event) return;
    for (const listener of this.byOrganization.get(event.organizationId) ?? []) listener.event(event);
  }

  private changed(status: BusStatus): void {
    if ((status === 'interrupted') === this.down) return;
    this.down = status === 'interrupted';
    if (this.down) this.logger.warn({ transport: this.transport.kind }, 'event bus interrupted: subscribers are told events may be missed');
    else this.logger.info({ transport: this.transport.kind }, 'event bus is back');
    for (const listener of this.everyone) listener.status(status);
  }
}
