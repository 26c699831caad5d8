import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { JOB_OPTIONS, JobName, parseConfig, type AppConfig, type BusEvent } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { type DataSource } from 'typeorm';
import { EmailChannel } from './email.channel.js';

const SENDER = 'a0000000-0000-4000-8000-000000000001';
const RECIPIENT = 'a0000000-0000-4000-8000-000000000002';

function config(smtp: string | undefined): AppConfig {
  return parseConfig({
    DATABASE_URL: 'postgres://localhost/x',
    REDIS_URL: 'redis://localhost:6379',
    SECRETS_KEY: '0'.repeat(64),
    SMTP_URL: smtp,
  });
}

function event(type: string, actorAgencyId: string | null): BusEvent {
  return {
    id: 'e0000000-0000-4000-8000-000000000001',
    type,
    agencyIds: [SENDER, RECIPIENT],
    payload: { type, referralId: 'r1', fromAgencyId: SENDER, toAgencyId: RECIPIENT, actorAgencyId },
    occurredAt: '2026-01-05T00:00:00.000Z',
  };
}

/** A database that answers the channel's three statements: preferences, the insert, the rows. */
function fakeDatabase(preferences: Record<string, string[]>, rows: { id: string; status: string }[]) {
  const statements: { sql: string; parameters: unknown[] }[] = [];
  // A statement's text, or node-pg's query config of a prepared one (`preparedQuery`).
  const query = (statement: string | { text: string }, parameters: unknown[]) => {
    const sql = typeof statement === 'string' ? statement : statement.text;
    statements.push({ sql, parameters });
    if (sql.includes('"notification_preference"')) {
      return Promise.resolve(
        Object.entries(preferences).map(([agency_id, event_types]) => ({ agency_id, event_types })),
      );
    }
    if (sql.includes('SELECT "id", "status"')) return Promise.resolve(rows);
    return Promise.resolve([]);
  };
  return { dataSource: { query, manager: { query } } as unknown as DataSource, statements };
}

function fakeQueue() {
  const added: { name: string; data: unknown; opts: Record<string, unknown> }[] = [];
  const queue = {
    addBulk: (jobs: typeof added) => {
      added.push(...jobs);
      return Promise.resolve([]);
    },
  } as unknown as Queue;
  return { queue, added };
}

describe('EmailChannel', () => {
  afterEach(() => jest.restoreAllMocks());

  it('says once at boot whether e-mail is on, without the credentials', () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { dataSource } = fakeDatabase({}, []);
    new EmailChannel(dataSource, fakeQueue().queue, config(undefined)).onApplicationBootstrap();
    new EmailChannel(
      dataSource,
      fakeQueue().queue,
      config('smtps://user:pw@mail.example.jp:465'),
    ).onApplicationBootstrap();
    expect(log.mock.calls.map(([message]): unknown => message)).toEqual([
      'E-mail notices off: SMTP_URL is not set, so no e-mail is sent',
      expect.stringContaining('E-mail notices on: smtps://mail.example.jp:465'),
    ]);
    expect(JSON.stringify(log.mock.calls)).not.toContain('pw');
  });

  it('does nothing without SMTP_URL', async () => {
    const { dataSource, statements } = fakeDatabase({}, [{ id: 'd1', status: 'PENDING' }]);
    const { queue, added } = fakeQueue();
    await new EmailChannel(dataSource, queue, config(undefined)).deliver(event('referral.sent', SENDER));
    expect(statements).toEqual([]);
    expect(added).toEqual([]);
  });

  it('records deliveries for the agencies whose preference carries the type, never the one that acted', async () => {
    const { dataSource, statements } = fakeDatabase({ [SENDER]: ['referral.*'] }, [{ id: 'd1', status: 'PENDING' }]);
    const { queue, added } = fakeQueue();
    const channel = new EmailChannel(dataSource, queue, config('smtp://127.0.0.1:2525'));

    await channel.deliver(event('referral.accepted', RECIPIENT));
    const insert = statements.find((statement) => statement.sql.includes('INSERT INTO "email_delivery"'));
    // The sender chose referral.*; the recipient acted (and its default set has no referral.accepted anyway).
    expect(insert?.parameters[0]).toEqual([SENDER]);
    expect(insert?.sql).toContain('ON CONFLICT ("agency_id", "event_id") DO NOTHING');
    expect(added).toEqual([
      {
        name: JobName.SEND_EMAIL,
        data: { deliveryId: 'd1', event: event('referral.accepted', RECIPIENT) },
        opts: { ...JOB_OPTIONS[JobName.SEND_EMAIL], jobId: 'd1' },
      },
    ]);
  });

  it('queues nothing for a type no preference carries', async () => {
    const { dataSource, statements } = fakeDatabase({}, []);
    const { queue, added } = fakeQueue();
    await new EmailChannel(dataSource, queue, config('smtp://127.0.0.1:2525')).deliver(
      event('referral.acknowledged', RECIPIENT),
    );
    expect(statements.some((statement) => statement.sql.includes('INSERT'))).toBe(false);
    expect(added).toEqual([]);
  });

  it('re-queues pending deliveries when the fan-out runs again, but not sent or failed ones', async () => {
    const { dataSource } = fakeDatabase({}, [
      { id: 'd1', status: 'SENT' },
      { id: 'd2', status: 'PENDING' },
      { id: 'd3', status: 'FAILED' },
    ]);
    const { queue, added } = fakeQueue();
    await new EmailChannel(dataSource, queue, config('smtp://127.0.0.1:2525')).deliver(event('referral.sent', null));
    expect(added.map((job) => job.opts.jobId)).toEqual(['d2']);
  });
});
