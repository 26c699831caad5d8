import { databaseOptions } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase } from './setup/test-database.js';

const TABLES = [
  'agency',
  'agency_response_target',
  'agency_service_area',
  'api_key',
  'audit_log',
  'business_calendar',
  'case_conference',
  'case_conference_agency',
  'case_conference_assignment',
  'case_conference_goal',
  'case_conference_participant',
  'case_conference_record',
  'case_conference_support',
  'case_conference_unmet_item',
  'collaboration_pathway',
  'community_resource',
  'consent',
  'consent_notice',
  'consent_withdrawal',
  'council',
  'council_body',
  'council_meeting',
  'council_member',
  'email_delivery',
  'hearing_sheet',
  'hearing_sheet_version',
  'notification_preference',
  'outbox_event',
  'person',
  'person_relation',
  'referral',
  'referral_event',
  'referral_message',
  'referral_timing',
  'referral_timing_month',
  'referral_timing_month_agency',
  'referral_timing_month_built',
  'referral_timing_month_network',
  'regional_issue',
  'regional_issue_evidence',
  'regional_issue_move',
  'staff_member',
  'staff_token',
  'support_meeting',
  'support_meeting_member',
  'support_plan',
  'support_plan_version',
  'support_task',
  'webhook_attempt',
  'webhook_delivery',
  'webhook_endpoint',
];

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migration' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_migrations_${process.pid}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createDatabase(adminUrl, database);
    dataSource = new DataSource(
      databaseOptions({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 }, 'tsunagu-migration-test'),
    );
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(adminUrl, database);
  });

  it('builds the schema from an empty database, and every down step takes it back to empty', async () => {
    expect(await tables(dataSource)).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBe(dataSource.migrations.length);
    expect(await tables(dataSource)).toEqual(TABLES);
    expect(await dataSource.showMigrations()).toBe(false);

    for (let step = 0; step < applied.length; step += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables(dataSource)).toEqual([]);

    // And up again: the down steps left nothing behind that blocks a re-run.
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables(dataSource)).toEqual(TABLES);
  });

  it('names every constraint and index explicitly', async () => {
    const unnamed: { name: string }[] = await dataSource.query(`
      SELECT conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = 'public' AND conrelid <> 'typeorm_migration'::regclass AND conname !~ '^(pk|fk|uq|ck)_'
         AND c.contype <> 'n' -- PostgreSQL 18 lists NOT NULL as constraints; those need no name
      UNION ALL
      SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'typeorm_migration'
         AND indexname !~ '^(pk|uq|ix)_'`);
    expect(unnamed).toEqual([]);
  });

  it('stores every time as timestamptz', async () => {
    const columns: { table_name: string; column_name: string; data_type: string }[] = await dataSource.query(`
      SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'typeorm_migration' AND data_type LIKE 'timestamp%'`);
    expect(columns.length).toBeGreaterThan(0);
    expect(columns.filter((column) => column.data_type !== 'timestamp with time zone')).toEqual([]);
  });
});
