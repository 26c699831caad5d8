import { deleteRedisKeys } from './bus.js';
import { uniqueSuffix } from './test-app.js';
import { createMigratedDatabase, dropDatabase } from '../setup/test-database.js';

/**
 * A migrated database and a Redis prefix of a test file's own. A worker started on them relays, reconciles and
 * sweeps this file's rows and keys only, whatever the files running alongside leave in the run's database.
 */
export interface OwnDatabase {
  /** The app role's URL: DATABASE_URL of the file's test app and worker. */
  url: string;
  /** REDIS_PREFIX of the file's test app and worker. */
  prefix: string;
  /** Drops the database and deletes the prefix's keys on the run's Redis. */
  drop(): Promise<void>;
}

/** Database `tsunagu_<name>_<pid>` and prefix `tsunagu-<name>-<random>`; `name` in kebab-case. */
export async function createOwnDatabase(name: string): Promise<OwnDatabase> {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_${name.replaceAll('-', '_')}_${process.pid}`;
  const prefix = `tsunagu-${name}-${uniqueSuffix().toLowerCase()}`;
  const url = await createMigratedDatabase(adminUrl, database);
  return {
    url,
    prefix,
    async drop() {
      await dropDatabase(adminUrl, database);
      await deleteRedisKeys(process.env.REDIS_URL!, prefix);
    },
  };
}
