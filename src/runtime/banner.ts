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

const graphqlUrl = (port: number) => `http://localhost:${port}/graphql`;

/** What `npm start` prints on the embedded database: where to go and how to get in. */
export function printBanner(config: Config, port: number, tokens: DemoToken[], demo: DemoSummary): void {
  const url = graphqlUrl(port);
  const lines = [`\nFlowgate is running at ${url}`];
  if (config.explorer) lines.push(`Explorer: open ${url} in a browser (signed in as owner@acme.test)`);
  lines.push('\nDemo bearer tokens (valid 12h; send x-organization-id with the organization slug):');
  for (const { email, roles, token } of tokens) lines.push(`  ${email} (${roles})\n    ${token}`);
  lines.push('\nDemo API keys (all scopes; development only):');
  for (const key of demo.apiKeys) lines.push(`  ${key.organizationSlug}: ${key.key}`);
  const owner = tokens.find((token) => token.email === 'owner@acme.test') ?? tokens[0];
  if (owner) {
    lines.push(
      '\nTry it:',
      `  curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${owner.token}' -H 'x-organization-id: acme' \\`,
      `    -d '{"query":"{ organization { name workflows(first: 5) { edges { node { name status } } } } }"}'`,
      '',
    );
  }
  console.log(lines.join('\n'));
}

/** The database URL without its password: the banner may end up in a terminal recording or a log. */
function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = '';
  return url.toString();
}

/**
 * What a development gateway on DATABASE_URL prints: there is no demo data to hand out, so it says
 * where it runs and how to mint a token that this gateway accepts (signed with its own secret).
 */
export function printDatabaseBanner(config: Config, databaseUrl: string, port: number): void {
  const secret = config.jwt.developmentSecretFile ? `JWT_SECRET=$(cat ${config.jwt.developmentSecretFile})` : "JWT_SECRET=<this gateway's JWT_SECRET>";
  console.log(
    [
      `\nFlowgate is running at ${graphqlUrl(port)} on ${withoutPassword(databaseUrl)}`,
      'Mint a bearer token for a user of that database (signed with the same secret as this gateway):',
      `  DATABASE_URL=… ${secret} npm run flowgate -- token --user <email> --org <slug>`,
      '',
    ].join('\n'),
  );
}
