import { defineConfig } from 'prisma/config';

// Prisma 7 reads no URL from schema.prisma. The CLI here only generates and validates (see
// scripts/migrations.ts for migrations), so the URL is a placeholder when none is configured.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/flowgate' },
});
