// GraphQL Code Generator plugin: writes Apollo's persisted-query manifest for operations/*.graphql.
// Each operation's body is printed on its own (with the fragments it uses), and its id is the
// SHA-256 of exactly that body, so the gateway and clients agree on ids byte for byte.
const { createHash } = require('node:crypto');
const { Kind, print, visit } = require('graphql');

function fragmentsUsedBy(node, fragments, seen = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name) || !fragments.has(name)) return;
      seen.add(name);
      fragmentsUsedBy(fragments.get(name), fragments, seen);
    },
  });
  return seen;
}

module.exports = {
  plugin(_schema, documents) {
    const definitions = documents.flatMap((source) => source.document.definitions);
    const fragments = new Map(
      definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const operations = definitions
      .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => {
        if (!operation.name) throw new Error('Every partner operation needs a name');
        const used = [...fragmentsUsedBy(operation, fragments)].sort().map((name) => fragments.get(name));
        const body = [operation, ...used].map((d) => print(d)).join('\n\n');
        return { id: createHash('sha256').update(body).digest('hex'), name: operation.name.value, type: operation.operation, body };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    return JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2) + '\n';
  },
};
