import { type DataSource } from 'typeorm';

/*
 * Statements are counted in this process at the pg client TypeORM uses: PostgresQueryRunner.query() runs
 * every statement (transaction control included) through `client.query()` on a client that
 * PostgresDriver.obtainMasterConnection() takes from the pool with `driver.master.connect(callback)`. Every
 * client the pool hands out gets its `query` wrapped once.
 */

type QueryFn = (...args: unknown[]) => unknown;
interface PgClient {
  query: QueryFn;
}
type ConnectCallback = (error: Error | undefined, client: PgClient, release: unknown) => void;
interface PgPool {
  connect: (callback: ConnectCallback) => unknown;
}

/** Records the text of every statement sent through the app's pool while `recording` is on. */
export class StatementRecorder {
  readonly statements: string[] = [];
  private recording = false;
  private readonly wrapped = new WeakSet<PgClient>();

  constructor(dataSource: DataSource) {
    const pool = (dataSource.driver as unknown as { master: PgPool }).master;
    const connect = pool.connect.bind(pool);
    pool.connect = (callback: ConnectCallback) => {
      return connect((error, client, release) => {
        if (!error && client) this.wrap(client);
        callback(error, client, release);
      });
    };
  }

  async during(work: () => Promise<void>): Promise<string[]> {
    this.statements.length = 0;
    this.recording = true;
    try {
      await work();
    } finally {
      this.recording = false;
    }
    return [...this.statements];
  }

  private wrap(client: PgClient): void {
    if (this.wrapped.has(client)) return;
    this.wrapped.add(client);
    const query = client.query;
    client.query = (...args: unknown[]) => {
      if (this.recording) this.statements.push(textOf(args[0]));
      return query.apply(client, args);
    };
  }
}

function textOf(statement: unknown): string {
  if (typeof statement === 'string') return statement;
  const text = (statement as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : String(statement);
}
