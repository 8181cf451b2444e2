/**
 * src/graphql/plugins/: Apollo Server plugins (request lifecycle hooks: cost, suggestions, operation
 * observer). No Express: what runs before Apollo sees a request is http/middleware/.
 */
import type { ApolloServerPlugin } from '@apollo/server';

export interface HideSuggestionsOptions {
  /** Off where the schema is public anyway (introspection on). */
  enabled?: boolean;
}

const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * Removes graphql-js' "Did you mean …?" hints from error messages. They name fields, types and enum
 * values, which lets a client map the schema piece by piece while introspection is off. Apollo's own
 * `hideSchemaDetailsFromClientErrors` only covers validation errors; variable coercion errors
 * ("Value "ACTIV" does not exist in "WorkflowStatus" enum. Did you mean …") carry them too, so this
 * rewrites every error of the response.
 */
export function hideSuggestions({ enabled = true }: HideSuggestionsOptions = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      if (!enabled) return undefined;
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors } = response.body.singleResult;
          if (!errors?.some((error) => SUGGESTION.test(error.message))) return;
          response.body.singleResult.errors = errors.map((error) => ({ ...error, message: error.message.replace(SUGGESTION, '') }));
        },
      };
    },
  };
}
