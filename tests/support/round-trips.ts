/**
 * Round trips to the database for the statements Prisma reported: each statement is one, and each
 * transaction also sent a BEGIN, which Prisma does not report (its COMMIT it does, also as PGlite's
 * "Implicit COMMIT" note). This is what `npm run bench` counts on the wire with node-postgres.
 */
export function roundTrips(queries: readonly string[]): number {
  const transactions = queries.filter((query) => /^\s*(-- Implicit "COMMIT"|COMMIT)/.test(query)).length;
  return queries.length + transactions;
}
