import Module from 'node:module';
import path from 'node:path';
import { DataSource } from 'typeorm';

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
 * Runs once before the e2e suite: a fresh database of this run's own, migrated once. Test files isolate
 * themselves by creating their own agencies and keys, so they can run in parallel against it.
 */
export default async function globalSetup(_global: unknown, project: { rootDir: string }): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl || !process.env.REDIS_URL) {
    throw new Error('e2e tests need DATABASE_URL and REDIS_URL; `npm test` provides both when they are not set');
  }
  resolveProjectImports(project.rootDir);
  const { createDatabase } = await import('./test-database.js');
  const { databaseOptions } = await import('../../libs/platform/src/database/database-options.js');
  const database = `tsunagu_e2e_${process.pid}`;
  const url = await createDatabase(adminUrl, database);
  const dataSource = new DataSource(databaseOptions({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 }, 'tsunagu-e2e-setup'));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  // One key for the run: API and worker processes of a test must open each other's sealed secrets.
  const { generateSecretsKey } = await import('../../libs/platform/src/crypto/secret-box.js');
  process.env.SECRETS_KEY ??= generateSecretsKey();
  process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TSUNAGU_TEST_DATABASE = database;
  process.env.DATABASE_URL = url;
}
