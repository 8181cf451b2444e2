import { signToken } from '../auth/bearer-token.js';
import type { Config } from '../config.js';
import type { DemoSummary } from '../db/seed.js';

export interface DemoToken {
  email: string;
  roles: string;
  token: string;
}

/** A 12-hour bearer token for every demo user, for the banner and the explorer's headers. */
export function demoTokens(config: Config, demo: DemoSummary): Promise<DemoToken[]> {
  return Promise.all(
    demo.users.map(async (user) => ({
      email: user.email,
      roles: user.memberships.map((m) => `${m.role} in ${m.organizationSlug}`).join(', '),
      token: await signToken(config.jwt, { userId: user.id, email: user.email }, '12h'),
    })),
  );
}

/**
 * The explorer opens with the acme OWNER's token and organization already in its headers editor.
 * The token is minted on each page load (the explorer asks only for loopback requests), so a page
 * opened or reloaded never starts from an expired one.
 */
export function demoExplorerHeaders(config: Config, demo: DemoSummary): (() => Promise<Record<string, string>>) | undefined {
  const owner = demo.users.find((user) => user.email === 'owner@acme.test');
  if (!owner) return undefined;
  return async () => ({
    authorization: `Bearer ${await signToken(config.jwt, { userId: owner.id, email: owner.email }, '12h')}`,
    'x-organization-id': 'acme',
  });
}

/** What `npm start` prints on the embedded database: where to go and how to get in. */
export function printBanner(config: Config, port: number, tokens: DemoToken[], demo: DemoSummary): void {
  const url = `http://localhost:${port}/graphql`;
  const lines = [`\nFlowgate is running at ${url}`];
  if (config.explorer) lines.push(`Explorer: open ${url} in a browser (signed in as owner@acme.test)`);
  lines.push('\nDemo bearer tokens (valid 12h; send x-organization-id with the organization slug):');
  for (const { email, roles, token } of tokens) lines.push(`  ${email} (${roles})\n    ${token}`);
  lines.push('\nDemo API keys (all scopes; development only):');
  for (const key of demo.apiKeys) lines.push(`  ${key.organizationSlug}: ${key.key}`);
  const owner = tokens.find((token) => token.email === 'owner@acme.test') ?? tokens[0];
  lines.push(
    '\nTry it:',
    `  curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${owner.token}' -H 'x-organization-id: acme' \\`,
    `    -d '{"query":"{ organization { name workflows(first: 5) { edges { node { name status } } } } }"}'`,
    '',
  );
  console.log(lines.join('\n'));
}
