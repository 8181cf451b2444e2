// A live view of an organization's executions over GraphQL subscriptions (graphql-ws), for the README.
//   node scripts/watch-executions.mjs <api key>                  (runs the registered WatchExecutions)
//   node scripts/watch-executions.mjs <bearer token> <org slug>  (sends the subscription text)
// FLOWGATE_URL overrides http://localhost:4000/graphql. Ctrl-C to stop.
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [credential, organization] = process.argv.slice(2);
if (!credential) {
  console.error('Usage: node scripts/watch-executions.mjs <api key> | <bearer token> <organization slug>');
  process.exit(2);
}
const url = (process.env.FLOWGATE_URL ?? 'http://localhost:4000/graphql').replace(/^http/, 'ws');
const isApiKey = credential.startsWith('fgk_');
const manifest = JSON.parse(readFileSync(new URL('../operations/manifest.json', import.meta.url), 'utf8'));
const watch = manifest.operations.find((operation) => operation.name === 'WatchExecutions');

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: isApiKey ? { 'x-api-key': credential } : { authorization: `Bearer ${credential}`, 'x-organization-id': organization },
  on: { closed: (event) => console.error(`socket closed: ${event.code} ${event.reason}`) },
});
// API keys may only run registered operations: name it by its hash. People may send the text.
const request = isApiKey ? { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: watch.id } } } : { query: watch.body };
client.subscribe(request, {
  next: ({ data, errors }) => {
    if (errors) console.error(errors.map((error) => `${error.extensions?.code}: ${error.message}`).join('\n'));
    const execution = data?.executionUpdated;
    if (execution) console.log(`${new Date().toISOString()}  ${execution.workflow.name.padEnd(24)} ${execution.status.padEnd(10)} ${execution.id}`);
  },
  error: (error) => console.error('subscription refused:', error),
  complete: () => console.error('subscription completed'),
});
console.error(`watching executions at ${url} (Ctrl-C to stop)`);
