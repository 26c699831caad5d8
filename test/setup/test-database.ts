import pg from 'pg';

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates an empty database (dropping any leftover of the same name). */
export async function createDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, database);
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A database of a test file's own, migrated: for tests that run a worker, whose outbox relay takes every
 * pending event of its database (another file's worker must not take this file's events, nor this one theirs).
 */
export async function createMigratedDatabase(adminUrl: string, database: string): Promise<string> {
  const url = await createDatabase(adminUrl, database);
  const { DataSource } = await import('typeorm');
  const { databaseOptions } = await import('@tsunagu/platform');
  const dataSource = new DataSource(
    databaseOptions({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 }, 'tsunagu-test-setup'),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return url;
}
