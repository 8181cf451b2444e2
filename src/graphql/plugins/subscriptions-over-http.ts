import type { ApolloServerPlugin } from '@apollo/server';
import { AppError, ErrorCode } from '../errors.js';

/**
 * Refuses a `subscription` sent over HTTP with UNSUPPORTED_OPERATION (HTTP 400) naming the
 * WebSocket endpoint, once Apollo has chosen the operation and before anything executes. Without
 * it graphql-js answers with an internal error, which would be logged as the gateway's fault.
 */
export function subscriptionsOverHttp(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation?.operation !== 'subscription') return;
          const host = request.http?.headers.get('host') ?? 'localhost';
          throw new AppError(
            ErrorCode.UNSUPPORTED_OPERATION,
            `Subscriptions are served over WebSocket: connect to ws://${host}/graphql with the graphql-transport-ws protocol`,
            { http: { status: 400 } },
          );
        },
      };
    },
  };
}
