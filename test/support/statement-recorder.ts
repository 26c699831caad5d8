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

/**
 * Records the text of every statement sent through the app's pool while `recording` is on; and can lose the
 * answer of one statement: it runs (and commits, outside a transaction), then its caller gets the error of a
 * connection that dropped, as when the network fails after PostgreSQL has done the work.
 */
export class StatementRecorder {
  readonly statements: string[] = [];
  private recording = false;
  private loseAnswer: ((text: string) => boolean) | null = null;
  /** The texts of the statements whose answers were lost. */
  readonly lostAnswers: string[] = [];
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

  /** The next statement whose text `matches` runs, and its caller gets a lost connection instead of its answer. */
  loseAnswerOnce(matches: (text: string) => boolean): void {
    this.loseAnswer = matches;
  }

  private wrap(client: PgClient): void {
    if (this.wrapped.has(client)) return;
    this.wrapped.add(client);
    const query = client.query;
    client.query = (...args: unknown[]) => {
      const text = textOf(args[0]);
      if (this.recording) this.statements.push(text);
      const result = query.apply(client, args);
      if (!this.loseAnswer?.(text)) return result;
      this.loseAnswer = null;
      this.lostAnswers.push(text);
      return (result as Promise<unknown>).then(() => {
        throw new Error('Connection terminated unexpectedly');
      });
    };
  }
}

function textOf(statement: unknown): string {
  if (typeof statement === 'string') return statement;
  const text = (statement as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : String(statement);
}
