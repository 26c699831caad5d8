import pg from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options.js';

/**
 * Two database roles (README, "Database roles"): the owner, which owns the schema and runs the migrations, and
 * the app role, which the API and the worker connect as. The app role owns nothing, is not a superuser and holds
 * only the privileges granted here, so it cannot disable the append-only triggers (ALTER TABLE needs the owner;
 * `session_replication_role` needs a superuser), change or delete rows of the append-only tables, nor alter the
 * schema.
 */

/** The trigger function the migrations attach to append-only tables: a table guarded by it is append-only. */
export const APPEND_ONLY_TRIGGER_FUNCTION = 'tsunagu_forbid_change';

/** TypeORM's record of applied migrations: the app role gets nothing on it. */
const MIGRATIONS_TABLE = 'typeorm_migration';

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown[]>;

export interface AppRoleGrants {
  role: string;
  /** SELECT and INSERT only. */
  appendOnly: string[];
  /** SELECT, INSERT, UPDATE and DELETE. */
  readWrite: string[];
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Grants `appRole` exactly what the API and the worker need in the current database, run as the owner after the
 * migrations (so every table a migration adds is covered): SELECT and INSERT on the append-only tables (those
 * guarded by the {@link APPEND_ONLY_TRIGGER_FUNCTION} trigger), SELECT, INSERT, UPDATE and DELETE on the other
 * tables, never TRUNCATE, REFERENCES or TRIGGER, nothing on the migrations table; USAGE and SELECT on the
 * sequences, EXECUTE on the functions, USAGE (not CREATE) on the schema. Earlier grants to the role are revoked
 * first, so the result is exact, and no default privileges are set: a table made outside `migrate` stays closed to
 * the app role until the next `migrate`. Call it inside a transaction.
 */
export async function grantAppRole(query: Query, appRole: string): Promise<AppRoleGrants> {
  const [me] = (await query(
    `SELECT current_user AS owner, current_schema() AS schema, current_database() AS database,
            r.rolsuper AS superuser, pg_has_role($1, current_user, 'MEMBER') AS member
       FROM pg_roles r WHERE r.rolname = $1`,
    [appRole],
  )) as { owner: string; schema: string; database: string; superuser: boolean; member: boolean }[];
  if (!me) throw new Error(`The app role "${appRole}" does not exist: create it first (README, "Database roles")`);
  if (me.owner === appRole) throw new Error(`The app role "${appRole}" is the owner of the schema`);
  if (me.superuser) throw new Error(`The app role "${appRole}" is a superuser: it must be an ordinary role`);
  if (me.member) {
    throw new Error(`The app role "${appRole}" is a member of the owner "${me.owner}": it must not be`);
  }
  const tables = (await query(
    `SELECT c.relname AS name,
            EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                     WHERE t.tgrelid = c.oid AND p.proname = $1) AS "appendOnly"
       FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> $2
      ORDER BY c.relname`,
    [APPEND_ONLY_TRIGGER_FUNCTION, MIGRATIONS_TABLE],
  )) as { name: string; appendOnly: boolean }[];
  const role = quote(appRole);
  const schema = quote(me.schema);
  const list = (names: string[]) => names.map((name) => `${schema}.${quote(name)}`).join(', ');
  const appendOnly = tables.filter((table) => table.appendOnly).map((table) => table.name);
  const readWrite = tables.filter((table) => !table.appendOnly).map((table) => table.name);

  await query(`GRANT CONNECT ON DATABASE ${quote(me.database)} TO ${role}`);
  await query(`REVOKE CREATE ON SCHEMA ${schema} FROM ${role}`);
  await query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`);
  await query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${role}`);
  if (readWrite.length) await query(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${list(readWrite)} TO ${role}`);
  if (appendOnly.length) await query(`GRANT SELECT, INSERT ON TABLE ${list(appendOnly)} TO ${role}`);
  await query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
  await query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`);
  return { role: appRole, appendOnly, readWrite };
}

/** The role a connection string logs in as (asked of the server: the URL may leave the user to PGUSER). */
export async function connectionRole(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, application_name: 'tsunagu-cli' });
  await client.connect();
  try {
    const { rows } = await client.query<{ role: string }>('SELECT current_user AS role');
    return rows[0].role;
  } finally {
    await client.end();
  }
}

export interface MigrationResult {
  applied: string[];
  /** Undefined when the app connects as the owner (no MIGRATION_DATABASE_URL): nothing to grant. */
  grants?: AppRoleGrants;
}

/**
 * Applies the pending migrations through `ownerUrl`, then grants the role of `appUrl` its privileges (unless both
 * are the same role). What `migrate` does; the e2e setup does the same for its databases.
 */
export async function migrateDatabase(
  ownerUrl: string,
  appUrl: string,
  applicationName: string,
): Promise<MigrationResult> {
  const dataSource = new DataSource(
    databaseOptions({ DATABASE_URL: ownerUrl, DATABASE_POOL_SIZE: 2 }, applicationName),
  );
  await dataSource.initialize();
  try {
    const applied = (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
    const [{ owner }] = await dataSource.query<{ owner: string }[]>('SELECT current_user AS owner');
    const appRole = appUrl === ownerUrl ? owner : await connectionRole(appUrl);
    if (appRole === owner) return { applied };
    const grants = await dataSource.transaction((manager) =>
      grantAppRole((sql, parameters) => manager.query(sql, parameters), appRole),
    );
    return { applied, grants };
  } finally {
    await dataSource.destroy();
  }
}

export interface DatabaseRoleReport {
  role: string;
  superuser: boolean;
  /** Relations outside the system schemas the role owns or may act as the owner of (through role membership). */
  owned: number;
  /** Whether the role may create objects in its schema. */
  canCreate: boolean;
}

/** What the role of a connection may do beyond the app role's grants. */
export async function inspectDatabaseRole(query: Query): Promise<DatabaseRoleReport> {
  const [report] = (await query(
    `SELECT current_user AS role, r.rolsuper AS superuser,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned,
            has_schema_privilege(current_schema(), 'CREATE') AS "canCreate"
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as DatabaseRoleReport[];
  return report;
}

/** Why a role is unfit to run the API or the worker; empty when it is fit. */
export function databaseRoleProblems(report: DatabaseRoleReport): string[] {
  const problems: string[] = [];
  if (report.superuser) problems.push('is a superuser');
  if (report.owned > 0) problems.push(`owns (or may act as the owner of) ${report.owned} table(s) or other relations`);
  if (report.canCreate) problems.push('may create objects in the schema');
  return problems;
}
