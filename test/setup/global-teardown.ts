import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL;
  const database = process.env.TSUNAGU_TEST_DATABASE;
  if (!adminUrl || !database) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
