/**
 * Drops the run's database, then its roles (and any database of the run a test file left behind). Global setup
 * installed the import mapping this file's dynamic import needs.
 */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL;
  const database = process.env.TSUNAGU_TEST_DATABASE;
  if (!adminUrl || !database) return;
  const { dropDatabase, dropRoles, testRoles } = await import('./test-database.js');
  await dropDatabase(adminUrl, database);
  const roles = testRoles();
  if (roles) await dropRoles(adminUrl, roles);
}
