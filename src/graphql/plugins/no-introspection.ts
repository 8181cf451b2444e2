import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses `__schema` and `__type` where introspection is off (production by default). It replaces
 * Apollo Server's own rule only to change the message: Apollo's tells the reader to pass an option
 * to a constructor, while an operator of this gateway needs the environment variable.
 */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return;
    context.reportError(
      new GraphQLError(
        'GraphQL introspection is not allowed: it is off in production. Set ENABLE_INTROSPECTION=true on the gateway to allow it (the schema is also published as schema.graphql).',
        { nodes: [node], extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' } },
      ),
    );
  },
});
