import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { uniqueSuffix } from './test-app.js';

/** The admin database, where a test may create tables (the app role may not). */
export const ADMIN_URL = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? '';

/** A table of a test file's own, with a DataSource and a second plain client to change it from outside. */
export interface ScratchTable {
  readonly table: string;
  dataSource: DataSource;
  other: Client;
}

/**
 * Registers the hooks of a scratch table in the admin database: created with `columns` before the file's tests,
 * emptied and given `rows` (an SQL VALUES list) before each, dropped after them.
 */
export function useScratchTable(prefix: string, columns: string, rows: string): ScratchTable {
  const scratch = { table: `${prefix}_${uniqueSuffix().toLowerCase()}` } as ScratchTable;
  beforeAll(async () => {
    scratch.dataSource = new DataSource({ type: 'postgres', url: ADMIN_URL, extra: { max: 4 } });
    await scratch.dataSource.initialize();
    await scratch.dataSource.query(`CREATE TABLE ${scratch.table} (${columns})`);
    scratch.other = new Client({ connectionString: ADMIN_URL });
    await scratch.other.connect();
  });
  afterAll(async () => {
    await scratch.dataSource.query(`DROP TABLE IF EXISTS ${scratch.table}`);
    await scratch.other.end();
    await scratch.dataSource.destroy();
  });
  beforeEach(async () => {
    await scratch.dataSource.query(`TRUNCATE ${scratch.table}`);
    await scratch.dataSource.query(`INSERT INTO ${scratch.table} VALUES ${rows}`);
  });
  return scratch;
}
