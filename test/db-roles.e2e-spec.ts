import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createMigratedDatabase, dropDatabase, ownerUrl, testRoles, type TestRoles } from './setup/test-database.js';
import { deleteRedisKeys } from './support/bus.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';

/**
 * The API and the worker connect as the app role (README, "Database roles"): it owns nothing, is not a superuser
 * and holds SELECT and INSERT only on the append-only tables, so none of the ways around the append-only triggers
 * works for it. Global setup made the run's owner and app roles; this file migrates a database of its own (it runs
 * a worker) as `migrate` does.
 */

const APPEND_ONLY = [
  'audit_log',
  'case_conference_assignment',
  'case_conference_goal',
  'case_conference_record',
  'case_conference_support',
  'case_conference_unmet_item',
  'consent',
  'consent_notice',
  'consent_withdrawal',
  'hearing_sheet_version',
  'referral_event',
  'regional_issue_evidence',
  'regional_issue_move',
  'support_plan_version',
  // webhook_attempt is not: an attempt is written SENDING and closed once (its own trigger; delivery-outcomes e2e).
];
const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const API_MAIN = path.resolve(import.meta.dirname, '../dist/apps/api/apps/api/src/main.js');

const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
const database = `tsunagu_dbroles_${process.pid}`;
const prefix = `tsunagu-dbroles-${uniqueSuffix().toLowerCase()}`;
let roles: TestRoles;
let appUrl: string;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'tsunagu-test' });
  await client.connect();
  return client;
}

/** The SQLSTATE a statement fails with (undefined when it succeeds). */
async function failure(client: pg.Client, sql: string, parameters: unknown[] = []): Promise<string | undefined> {
  try {
    await client.query(sql, parameters);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

beforeAll(async () => {
  roles = testRoles()!;
  appUrl = await createMigratedDatabase(adminUrl, database);
});
afterAll(async () => {
  await dropDatabase(adminUrl, database);
  await deleteRedisKeys(process.env.REDIS_URL!, prefix);
});

describe('the app role', () => {
  let app: pg.Client;
  let owner: pg.Client;
  beforeAll(async () => {
    app = await connect(appUrl);
    owner = await connect(ownerUrl(appUrl));
  });
  afterAll(async () => {
    await app.end();
    await owner.end();
  });

  it('is an ordinary role that owns nothing and cannot become the owner', async () => {
    const { rows } = await owner.query<Record<string, unknown>>(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication,
              pg_has_role(r.rolname, current_user, 'MEMBER') AS owner_member,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned,
              has_schema_privilege(r.rolname, 'public', 'CREATE') AS can_create
         FROM pg_roles r WHERE r.rolname = $1`,
      [roles.app],
    );
    expect(rows).toEqual([
      {
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
        rolreplication: false,
        owner_member: false,
        owned: 0,
        can_create: false,
      },
    ]);
  });

  it('has SELECT and INSERT on the append-only tables, SELECT to DELETE on the others, nothing more', async () => {
    const { rows } = await owner.query<{ table: string; append_only: boolean; privileges: string[] }>(
      `SELECT c.relname AS table,
              EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                       WHERE t.tgrelid = c.oid AND p.proname = 'tsunagu_forbid_change') AS append_only,
              ARRAY(SELECT p FROM unnest($2::text[]) p WHERE has_table_privilege($1, c.oid, p)) AS privileges
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
      [roles.app, PRIVILEGES],
    );
    expect(rows.filter((row) => row.append_only).map((row) => row.table)).toEqual(APPEND_ONLY);
    for (const row of rows) {
      const expected =
        row.table === 'typeorm_migration'
          ? []
          : row.append_only
            ? ['SELECT', 'INSERT']
            : ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
      expect({ table: row.table, privileges: row.privileges }).toEqual({ table: row.table, privileges: expected });
    }
  });

  it('cannot switch off the append-only triggers, nor change, delete or truncate an audit row', async () => {
    const {
      rows: [{ id }],
    } = await app.query<{ id: string }>(
      `INSERT INTO audit_log (action, person_id, operation) VALUES ('PERSON_READ', gen_random_uuid(), 'original')
       RETURNING id`,
    );
    const row = async () =>
      (await owner.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE id = $1', [id])).rows;
    const before = await row();
    expect(before).toHaveLength(1);

    const attempts: [string, unknown[]?][] = [
      ['ALTER TABLE audit_log DISABLE TRIGGER ALL'],
      ['ALTER TABLE audit_log DISABLE TRIGGER tr_audit_log_append_only'],
      ['DROP TRIGGER tr_audit_log_append_only ON audit_log'],
      [
        `CREATE OR REPLACE FUNCTION tsunagu_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
      ],
      ['SET session_replication_role = replica'],
      [`SET ROLE ${roles.owner}`],
      [`ALTER TABLE audit_log OWNER TO ${roles.app}`],
      ['ALTER TABLE audit_log RENAME TO audit_log_old'],
      ['CREATE RULE keep AS ON DELETE TO audit_log DO INSTEAD NOTHING'],
      ['DROP TABLE audit_log'],
      ['CREATE TABLE public.audit_log_copy (id bigint)'],
      [`UPDATE audit_log SET operation = 'rewritten' WHERE id = $1`, [id]],
      ['DELETE FROM audit_log WHERE id = $1', [id]],
      ['TRUNCATE audit_log'],
    ];
    const outcomes = [];
    for (const [sql, parameters] of attempts) outcomes.push([sql, await failure(app, sql, parameters)]);
    // insufficient_privilege (42501) every time; "must be owner" is the same code.
    expect(outcomes).toEqual(attempts.map(([sql]) => [sql, '42501']));

    // The same within one transaction: SET LOCAL is refused as well, so the DELETE after it never runs.
    await app.query('BEGIN');
    try {
      expect(await failure(app, 'SET LOCAL session_replication_role = replica')).toBe('42501');
    } finally {
      await app.query('ROLLBACK');
    }
    expect(await row()).toEqual(before);
  });

  it.each(APPEND_ONLY)('may not UPDATE, DELETE or TRUNCATE %s', async (table) => {
    const {
      rows: [{ column }],
    } = await owner.query<{ column: string }>(
      'SELECT attname AS column FROM pg_attribute WHERE attrelid = $1::regclass AND attnum = 1',
      [table],
    );
    expect([
      await failure(app, `UPDATE "${table}" SET "${column}" = "${column}"`),
      await failure(app, `DELETE FROM "${table}"`),
      await failure(app, `TRUNCATE "${table}"`),
    ]).toEqual(['42501', '42501', '42501']);
  });
});

describe('the API and the worker', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: appUrl, REDIS_PREFIX: prefix });
    worker = await startWorker({ DATABASE_URL: appUrl, REDIS_PREFIX: prefix });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('connect as the app role', async () => {
    const admin = await connect(adminUrl);
    try {
      const sessions = await waitFor('both apps to hold connections', async () => {
        const { rows } = await admin.query<{ application_name: string; usename: string }>(
          `SELECT DISTINCT application_name, usename FROM pg_stat_activity
            WHERE datname = $1 AND application_name IN ('tsunagu-api', 'tsunagu-worker') ORDER BY 1`,
          [database],
        );
        return rows.length === 2 ? rows : undefined;
      });
      expect(sessions).toEqual([
        { application_name: 'tsunagu-api', usename: roles.app },
        { application_name: 'tsunagu-worker', usename: roles.app },
      ]);
    } finally {
      await admin.end();
    }
  });
});

describe('start-up check', () => {
  const env = (overrides: Record<string, string>) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: prefix,
    SECRETS_KEY: process.env.SECRETS_KEY,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  });

  it('refuses to start the API as the owner of the tables in production', () => {
    const result = spawnSync(process.execPath, [API_MAIN], {
      env: env({ NODE_ENV: 'production', DATABASE_URL: ownerUrl(appUrl) }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      `The database role "${roles.owner}" of DATABASE_URL owns (or may act as the owner of)`,
    );
  });

  it('starts as the owner with DATABASE_ROLE_CHECK=warn, warning once', async () => {
    const child = spawn(process.execPath, [API_MAIN], {
      env: env({
        NODE_ENV: 'production',
        DATABASE_ROLE_CHECK: 'warn',
        DATABASE_URL: ownerUrl(appUrl),
        LOG_LEVEL: 'info',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor('the API to listen', () => {
        if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
        return Promise.resolve(/listening on/.test(output));
      });
      const warnings = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((line) => line.msg.startsWith(`The database role "${roles.owner}"`));
      expect(warnings).toEqual([expect.objectContaining({ level: 40 })]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
