import { AppError, ErrorCode } from '../graphql/errors.js';
import type { EventBus } from './event-bus.js';
import type { BusStatus, GatewayEvent } from './gateway-event.js';

type ExecutionEvent = Extract<GatewayEvent, { kind: 'execution' }>;

/** Not an event but something the subscriber must be told, as an error in its stream; `final` ends it. */
export interface StreamNotice {
  kind: 'notice';
  error: AppError;
  final: boolean;
}

export type StreamItem = ExecutionEvent | StreamNotice;

/** More than this many undelivered events (a stalled client) and the rest are dropped, with a notice. */
const MAX_QUEUED = 500;

const MESSAGES: Record<BusStatus | 'overflow', string> = {
  interrupted: 'Live updates are interrupted (the event bus is away): events may be missed until it is back; re-read what you show then',
  resumed: 'Live updates are back: events may have been missed while they were interrupted; re-read what you show',
  overflow: 'This subscription fell behind and events were dropped; re-read what you show',
};

const isFinal = (item: StreamItem) => item.kind === 'notice' && item.final;

function missedEvents(reason: BusStatus | 'overflow'): StreamNotice {
  return { kind: 'notice', error: new AppError(ErrorCode.SERVICE_UNAVAILABLE, MESSAGES[reason], { eventStream: reason }), final: false };
}

/**
 * One subscriber's execution events, as the async iterator graphql-js subscriptions consume. Written
 * out rather than as an async generator: a generator suspended in `await` cannot be returned early,
 * so a client that unsubscribes would hold its listener until the next event.
 */
export function executionEventStream(
  bus: EventBus,
  organizationId: string,
  accept: (event: ExecutionEvent) => boolean,
  end?: AbortSignal,
  /** Called as an accepted event is queued, before the subscriber's execution gets to it. */
  onAccepted?: (event: ExecutionEvent) => void,
): AsyncIterableIterator<StreamItem> {
  const queue: StreamItem[] = [];
  let waiting: ((result: IteratorResult<StreamItem>) => void) | undefined;
  let done = false;
  let overflowed = false;

  function push(item: StreamItem) {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: item, done: false });
      if (isFinal(item)) finish();
      return;
    }
    if (queue.length < MAX_QUEUED) queue.push(item);
    else if (!overflowed) {
      overflowed = true;
      queue.push(missedEvents('overflow'));
    }
  }

  const stopListening = bus.listen(organizationId, {
    event: (event) => {
      if (event.kind !== 'execution' || done || !accept(event)) return;
      onAccepted?.(event);
      push(event);
    },
    status: (status) => push(missedEvents(status)),
  });
  // Ended with an error (token expired, membership ended): it is the last result. Without one
  // (shutdown): the stream simply completes.
  const onEnd = () => (end!.reason instanceof AppError ? push({ kind: 'notice', error: end!.reason, final: true }) : finish());
  end?.addEventListener('abort', onEnd, { once: true });

  function finish(): IteratorResult<StreamItem> {
    done = true;
    queue.length = 0;
    stopListening();
    end?.removeEventListener('abort', onEnd);
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return { value: undefined, done: true };
  }

  const iterator: AsyncIterableIterator<StreamItem> = {
    async next() {
      const item = queue.shift();
      if (item) {
        if (isFinal(item)) finish();
        if (queue.length === 0) overflowed = false;
        return { value: item, done: false };
      }
      if (done) return { value: undefined, done: true };
      return new Promise((resolve) => (waiting = resolve));
    },
    async return() {
      return finish();
    },
    async throw(error) {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  if (end?.aborted) onEnd();
  return iterator;
}
