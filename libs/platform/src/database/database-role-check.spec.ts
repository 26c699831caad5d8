import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { parseConfig } from '../config/config.schema.js';
import { DatabaseRoleCheck, DatabaseRoleError } from './database-role-check.js';
import { databaseRoleProblems, type DatabaseRoleReport } from './database-roles.js';

const APP: DatabaseRoleReport = { role: 'tsunagu_app', superuser: false, owned: 0, canCreate: false };
const OWNER: DatabaseRoleReport = { role: 'tsunagu_owner', superuser: false, owned: 25, canCreate: true };

function check(report: DatabaseRoleReport, env: Record<string, string>): DatabaseRoleCheck {
  const dataSource = { query: () => Promise.resolve([report]) } as unknown as DataSource;
  const config = parseConfig({
    DATABASE_URL: 'postgres://localhost/tsunagu',
    REDIS_URL: 'redis://localhost:6379',
    SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...env,
  });
  return new DatabaseRoleCheck(dataSource, config);
}

describe('databaseRoleProblems', () => {
  it('finds none for the app role', () => {
    expect(databaseRoleProblems(APP)).toEqual([]);
  });

  it('names a superuser, owned tables and the right to create', () => {
    expect(databaseRoleProblems({ role: 'postgres', superuser: true, owned: 3, canCreate: true })).toEqual([
      'is a superuser',
      'owns (or may act as the owner of) 3 table(s) or other relations',
      'may create objects in the schema',
    ]);
  });
});

describe('DatabaseRoleCheck', () => {
  let warn: ReturnType<typeof jest.spyOn>;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lets the app role start, in production too', async () => {
    await expect(check(APP, { NODE_ENV: 'production' }).onModuleInit()).resolves.toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuses the owner in production unless told to warn or not to check', async () => {
    await expect(check(OWNER, { NODE_ENV: 'production' }).onModuleInit()).rejects.toThrow(DatabaseRoleError);
    await expect(check(OWNER, { NODE_ENV: 'production' }).onModuleInit()).rejects.toThrow(
      /"tsunagu_owner" of DATABASE_URL owns .* 25 table\(s\).*MIGRATION_DATABASE_URL/,
    );
    await expect(
      check(OWNER, { NODE_ENV: 'production', DATABASE_ROLE_CHECK: 'warn' }).onModuleInit(),
    ).resolves.toBeUndefined();
    await expect(
      check(OWNER, { NODE_ENV: 'production', DATABASE_ROLE_CHECK: 'off' }).onModuleInit(),
    ).resolves.toBeUndefined();
  });

  it('warns outside production unless told to refuse', async () => {
    await expect(check(OWNER, { NODE_ENV: 'development' }).onModuleInit()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    await expect(check(OWNER, { NODE_ENV: 'test', DATABASE_ROLE_CHECK: 'refuse' }).onModuleInit()).rejects.toThrow(
      DatabaseRoleError,
    );
  });
});
