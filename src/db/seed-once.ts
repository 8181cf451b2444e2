import type { Config } from '../config.js';
import type { PrismaClient } from './client.js';
import type { Database } from './database.js';
import { DEMO_ORGANIZATIONS, DEMO_USERS } from './seed-demo-data.js';
import { DEMO_SEED_MARKER, demoApiKey, seedDemo, type DemoSummary } from './seed.js';

/**
 * `npm start` on the embedded database seeds the demo data once per database: seeding again at every
 * start would bring back a demo workflow the user renamed or a member they removed. `npm run seed`
 * still writes it all again, on purpose.
 */
export async function seedDemoOnce(db: Database, config: Config): Promise<DemoSummary> {
  const seeded = await db.base.databaseMarker.findUnique({ where: { name: DEMO_SEED_MARKER } });
  return seeded ? existingDemo(db.base) : seedDemo(db, config);
}

/** What is left of the demo world, for the banner: the demo users still in an organization, the keys still valid. */
async function existingDemo(base: PrismaClient): Promise<DemoSummary> {
  const emails = DEMO_USERS.map((user) => user.email);
  const rows = await base.user.findMany({
    where: { email: { in: emails } },
    select: { id: true, email: true, memberships: { select: { role: true, organization: { select: { slug: true } } } } },
  });
  const users = rows
    .filter((user) => user.memberships.length > 0)
    .sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email))
    .map((user) => ({ id: user.id, email: user.email, memberships: user.memberships.map((m) => ({ organizationSlug: m.organization.slug, role: m.role })) }));
  const apiKeys: DemoSummary['apiKeys'] = [];
  for (const { slug } of DEMO_ORGANIZATIONS) {
    const { key, prefix } = demoApiKey(slug);
    const row = await base.apiKey.findUnique({ where: { prefix }, select: { revokedAt: true } });
    if (row && !row.revokedAt) apiKeys.push({ organizationSlug: slug, key });
  }
  return { users, apiKeys };
}
