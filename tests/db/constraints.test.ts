import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase } from '../support/database.js';
import { createExecution, createOrganization, createWorkflow, unique } from '../support/factories.js';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('constraints', () => {
  it('refuses a duplicate slug', async () => {
    const org = await createOrganization(db.base);
    await expect(createOrganization(db.base, { slug: org.slug })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('refuses a duplicate workflow name in one organization, allows it in another', async () => {
    const [a, b] = [await createOrganization(db.base), await createOrganization(db.base)];
    const name = unique('flow');
    await createWorkflow(db.base, a.id, { name });
    await expect(createWorkflow(db.base, a.id, { name })).rejects.toMatchObject({ code: 'P2002' });
    await expect(createWorkflow(db.base, b.id, { name })).resolves.toMatchObject({ name });
  });

  it('refuses a duplicate idempotency key in one organization, allows it in another', async () => {
    const [a, b] = [await createOrganization(db.base), await createOrganization(db.base)];
    const [wa, wb] = [await createWorkflow(db.base, a.id), await createWorkflow(db.base, b.id)];
    const idempotencyKey = unique('key');
    await createExecution(db.base, wa, { idempotencyKey });
    await expect(createExecution(db.base, wa, { idempotencyKey })).rejects.toMatchObject({ code: 'P2002' });
    await expect(createExecution(db.base, wb, { idempotencyKey })).resolves.toMatchObject({ idempotencyKey });
  });

  it('keeps updatedAt current for raw SQL writes too', async () => {
    const org = await createOrganization(db.base);
    const before = org.updatedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.base.$executeRaw`UPDATE "organizations" SET "name" = 'renamed' WHERE "id" = ${org.id}::uuid`;
    const after = await db.base.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.getTime());
  });
});
