import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * The run's two database roles (README, "Database roles"): `owner` owns the run's databases and migrates them,
 * `app` is what the test apps and workers connect as. Roles are global to the server and several runs may share
 * it, so the names carry the run's process id.
 */
export interface TestRoles {
  owner: string;
  ownerPassword: string;
  app: string;
  appPassword: string;
}

export function runRoles(runId: number): TestRoles {
  return {
    owner: `tsunagu_e2e_${runId}_owner`,
    ownerPassword: randomBytes(16).toString('hex'),
    app: `tsunagu_e2e_${runId}_app`,
    appPassword: randomBytes(16).toString('hex'),
  };
}

/** The run's roles, from global setup (through the environment, which the test workers inherit). */
export function testRoles(): TestRoles | undefined {
  const roles = process.env.TSUNAGU_TEST_ROLES;
  return roles ? (JSON.parse(roles) as TestRoles) : undefined;
}

/** `url` logging in as `role`. */
export function asRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}

/** A database URL of the run as its owner role (the app role's URL with the owner's login). */
export function ownerUrl(url: string): string {
  const roles = testRoles();
  if (!roles) throw new Error('no test roles: global setup sets TSUNAGU_TEST_ROLES');
  return asRole(url, roles.owner, roles.ownerPassword);
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Drops the run's roles and every database its owner role owns (leftovers of a crashed run with the same id). */
export async function dropRoles(adminUrl: string, roles: Pick<TestRoles, 'owner' | 'app'>): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = $1`,
      [roles.owner],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    for (const role of [roles.app, roles.owner]) {
      await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
    }
  });
}

/** Creates the run's owner and app roles: ordinary login roles, neither a member of the other. */
export async function createRoles(adminUrl: string, roles: TestRoles): Promise<void> {
  await dropRoles(adminUrl, roles);
  await withAdmin(adminUrl, async (client) => {
    for (const [role, password] of [
      [roles.owner, roles.ownerPassword],
      [roles.app, roles.appPassword],
    ]) {
      await client.query(
        `CREATE ROLE ${client.escapeIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE ` +
          `PASSWORD ${client.escapeLiteral(password)}`,
      );
    }
  });
}

/** Creates an empty database (dropping any leftover of the same name), owned by `owner` when given. */
export async function createDatabase(adminUrl: string, database: string, owner?: string): Promise<string> {
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"${owner ? ` OWNER ${client.escapeIdentifier(owner)}` : ''}`);
  });
  return withDatabase(adminUrl, database);
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

/**
 * A database owned by the run's owner role, migrated by it with the app role's grants, as `migrate` does; returns
 * the app role's URL. Cloned from the run's migrated template database when global setup made one (a file copy,
 * much faster than migrating); without the run's roles (global setup not run), the admin's database and URL.
 */
export async function createMigratedDatabase(adminUrl: string, database: string): Promise<string> {
  const roles = testRoles();
  const template = process.env.TSUNAGU_TEST_TEMPLATE_DATABASE;
  if (roles && template) {
    await withAdmin(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(database)} TEMPLATE ${client.escapeIdentifier(template)} ` +
          `OWNER ${client.escapeIdentifier(roles.owner)}`,
      );
      // Privileges on the database itself are not part of the copy (those on its schema and tables are).
      await client.query(
        `GRANT CONNECT ON DATABASE ${client.escapeIdentifier(database)} TO ${client.escapeIdentifier(roles.app)}`,
      );
    });
    return asRole(withDatabase(adminUrl, database), roles.app, roles.appPassword);
  }
  const url = await createDatabase(adminUrl, database, roles?.owner);
  const appUrl = roles ? asRole(url, roles.app, roles.appPassword) : url;
  const { migrateDatabase } = await import('@tsunagu/platform');
  await migrateDatabase(roles ? asRole(url, roles.owner, roles.ownerPassword) : url, appUrl, 'tsunagu-test-setup');
  return appUrl;
}
