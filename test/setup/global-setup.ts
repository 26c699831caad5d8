import Module from 'node:module';
import path from 'node:path';

/**
 * Jest loads global setup through CommonJS `require`, without the suite's moduleNameMapper. Map the
 * project's import style (path aliases, `.js` suffixes on TypeScript files) for this one file's imports.
 */
function resolveProjectImports(root: string): void {
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const aliases: Record<string, string> = {
    '@tsunagu/migrations': path.join(root, 'migrations/index.ts'),
    '@tsunagu/platform': path.join(root, 'libs/platform/src/index.ts'),
  };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    const target = aliases[request] ?? request;
    try {
      return original.call(this, target, ...rest);
    } catch (error) {
      if (target.endsWith('.js')) return original.call(this, `${target.slice(0, -3)}.ts`, ...rest);
      throw error;
    }
  };
}

/**
 * Runs once before the e2e suite: the run's owner and app roles, and a fresh database of this run's own, owned and
 * migrated by the owner role with the app role's grants (what `migrate` does). Test apps and workers connect as the
 * app role, as the API and the worker do in production. Test files isolate themselves by creating their own
 * agencies and keys, so they can run in parallel against it.
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl || !process.env.REDIS_URL) {
    throw new Error('e2e tests need DATABASE_URL and REDIS_URL; `npm test` provides both when they are not set');
  }
  resolveProjectImports(project.rootDir);
  const { asRole, createDatabase, createRoles, dropRoles, runRoles } = await import('./test-database.js');
  const { migrateDatabase } = await import('../../libs/platform/src/database/database-roles.js');
  const roles = runRoles(process.pid);
  const database = `tsunagu_e2e_${process.pid}`;
  await createRoles(adminUrl, roles);
  let appUrl: string;
  try {
    const url = await createDatabase(adminUrl, database, roles.owner);
    appUrl = asRole(url, roles.app, roles.appPassword);
    await migrateDatabase(asRole(url, roles.owner, roles.ownerPassword), appUrl, 'tsunagu-e2e-setup');
    // A second migrated database, never connected to, that test files needing a database of their own clone
    // (`createMigratedDatabase`) instead of migrating one each.
    const templateUrl = await createDatabase(adminUrl, `${database}_template`, roles.owner);
    await migrateDatabase(
      asRole(templateUrl, roles.owner, roles.ownerPassword),
      asRole(templateUrl, roles.app, roles.appPassword),
      'tsunagu-e2e-setup',
    );
    process.env.TSUNAGU_TEST_TEMPLATE_DATABASE = `${database}_template`;
  } catch (error) {
    // Jest skips global teardown when setup fails: leave no roles (nor the database they own) behind.
    await dropRoles(adminUrl, roles);
    throw error;
  }

  // One key for the run: API and worker processes of a test must open each other's sealed secrets.
  const { generateSecretsKey } = await import('../../libs/platform/src/crypto/secret-box.js');
  process.env.SECRETS_KEY ??= generateSecretsKey();
  process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TSUNAGU_TEST_DATABASE = database;
  process.env.TSUNAGU_TEST_ROLES = JSON.stringify(roles);
  process.env.DATABASE_URL = appUrl;
}
