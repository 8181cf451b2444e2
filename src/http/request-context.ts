import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id travels with the request's async work, so that places Apollo calls without our
 * context (formatError, logging) can still name the request.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export const runWithRequestId = <T>(requestId: string, fn: () => T): T => storage.run({ requestId }, fn);

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;
