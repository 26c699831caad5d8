import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort, waitFor } from '../support/worker-process.js';

/**
 * The private services of a fault run: a PostgreSQL of its own (embedded, through scripts/lib/services.mjs, the
 * one `npm start` and `npm test` use) and a redis-server of its own with AOF on, both on free ports, both
 * stoppable, freezable and restartable. The machine's shared PostgreSQL and Redis are never touched.
 */
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'dist/apps/api/apps/api/src/cli.js');
export const API_MAIN = path.join(ROOT, 'dist/apps/api/apps/api/src/main.js');

interface ServicesModule {
  provideServices(options: {
    dataDir: string;
    ephemeral: boolean;
    log: (message: string) => void;
  }): Promise<{ databaseUrl: string; redisUrl: string; provided: string[]; stop(): Promise<void> }>;
}
interface RolesModule {
  provideDatabaseRoles(adminUrl: string): Promise<{ ownerUrl: string; appUrl: string }>;
}

// Plain Node modules without type declarations: imported by a computed specifier.
const SERVICES_MJS = path.join(ROOT, 'scripts/lib/services.mjs');
const ROLES_MJS = path.join(ROOT, 'scripts/lib/database-roles.mjs');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

export interface FaultPostgres {
  /** The superuser's URL (roles, migrations, the harness's own reads). */
  readonly adminUrl: string;
  /** The owner role (migrate) and the app role (API and worker), as `npm start` sets them up. */
  readonly ownerUrl: string;
  readonly appUrl: string;
  /** Fast shutdown (SIGINT: every session is cut, what committed stays), then the same server started again. */
  restart(): Promise<{ downMs: number }>;
  stop(): Promise<void>;
}

/**
 * The embedded PostgreSQL of scripts/lib/services.mjs in an ephemeral data directory. A restart stops the
 * postmaster named in postmaster.pid with a fast shutdown and starts the same command line again, as the same
 * OS user, on the same port: what `pg_ctl restart -m fast` does.
 */
export async function startPostgres(dataDir: string, log: (message: string) => void): Promise<FaultPostgres> {
  const { provideServices } = (await import(SERVICES_MJS)) as ServicesModule;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL };
  // Only PostgreSQL is wanted from it: a REDIS_URL makes it skip Redis (ours has AOF and restarts itself).
  delete process.env.DATABASE_URL;
  process.env.REDIS_URL = 'redis://127.0.0.1:1';
  let provided: Awaited<ReturnType<ServicesModule['provideServices']>>;
  // The services' own watch reports any exit of the server; the restart's is the fault, not news.
  let restarting = false;
  const serviceLog = (message: string) => {
    if (!(restarting && message.startsWith('PostgreSQL exited unexpectedly'))) log(message);
  };
  try {
    provided = await provideServices({ dataDir, ephemeral: true, log: serviceLog });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const { provideDatabaseRoles } = (await import(ROLES_MJS)) as RolesModule;
  const { ownerUrl, appUrl } = await provideDatabaseRoles(provided.databaseUrl);
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  let restarted: ChildProcess | null = null;

  const postmaster = () => Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0], 10);
  const answers = async () => {
    const client = new pg.Client({ connectionString: provided.databaseUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  return {
    adminUrl: provided.databaseUrl,
    ownerUrl,
    appUrl,
    async restart() {
      const pid = postmaster();
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
      const owner = statSync(path.join(dataDir, 'postgres', 'PG_VERSION'));
      const started = Date.now();
      restarting = true;
      process.kill(pid, 'SIGINT');
      if (!(await waitGone(pid, 30_000))) throw new Error(`PostgreSQL (pid ${pid}) did not stop within 30 s`);
      const child = spawn(argv[0], argv.slice(1), {
        uid: process.getuid?.() === 0 ? owner.uid : undefined,
        gid: process.getuid?.() === 0 ? owner.gid : undefined,
        stdio: 'ignore',
      });
      child.on('error', (error) => log(`PostgreSQL restart failed: ${error.message}`));
      restarted = child;
      await waitFor('PostgreSQL to accept connections again', answers, { timeoutMs: 30_000, intervalMs: 50 });
      restarting = false;
      return { downMs: Date.now() - started };
    },
    async stop() {
      if (restarted && restarted.exitCode === null && restarted.pid) {
        restarted.kill('SIGINT');
        await waitGone(restarted.pid, 15_000);
      }
      await provided.stop();
    },
  };
}

export interface FaultRedis {
  readonly url: string;
  readonly port: number;
  pid(): number;
  /** SHUTDOWN NOSAVE, then (optionally without its AOF: an empty Redis) started again on the same port. */
  shutdownAndRestart(options: { keepData: boolean }): Promise<{ downMs: number }>;
  /** SIGSTOP: the server holds every connection and answers nothing. */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  stop(): Promise<void>;
}

/** A private redis-server as production runs it: AOF on (fsync every second), no RDB snapshots, noeviction. */
export async function startRedis(dir: string): Promise<FaultRedis> {
  const port = await freePort();
  await mkdir(dir, { recursive: true });
  let child: ChildProcess | null = null;
  const ping = async () => {
    const redis = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } finally {
      redis.disconnect();
    }
  };
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'];
    args.push('--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no');
    const started = spawn('redis-server', args, { stdio: 'ignore' });
    child = started;
    await waitFor(
      `redis-server on port ${port}`,
      () => {
        if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
        return ping();
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  };
  const exited = async (timeoutMs: number) => {
    const current = child;
    if (!current?.pid) return;
    await waitGone(current.pid, timeoutMs);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid ?? 0,
    async shutdownAndRestart({ keepData }) {
      const started = Date.now();
      const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
      await redis.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      redis.disconnect();
      await exited(10_000);
      if (!keepData) {
        for (const name of ['appendonlydir', 'appendonly.aof', 'dump.rdb']) {
          const file = path.join(dir, name);
          if (existsSync(file)) rmSync(file, { recursive: true, force: true });
        }
      }
      await start();
      return { downMs: Date.now() - started };
    },
    freeze: () => {
      if (child?.pid) process.kill(child.pid, 'SIGSTOP');
    },
    thaw: () => {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
    },
    async stop() {
      if (!child?.pid || child.exitCode !== null) return;
      process.kill(child.pid, 'SIGCONT');
      child.kill('SIGTERM');
      await exited(10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `migrate` through the built CLI, as the owner role, granting the app role (what `npm start` does). */
export function migrate(database: FaultPostgres, secretsKey: string): void {
  execFileSync(process.execPath, [CLI, 'migrate'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.appUrl,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      REDIS_URL: 'redis://127.0.0.1:1',
      SECRETS_KEY: secretsKey,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A new hub-admin key from the built CLI. */
export function newAdminKey(): string {
  return execFileSync(process.execPath, [CLI, 'key:new'], { encoding: 'utf8' }).trim();
}

export interface NodeService {
  readonly name: string;
  readonly url: string;
  alive(): boolean;
  /** How it ended last time, when it exited by itself (not killed or stopped here): e.g. `code 1`. */
  exitedBy(): string | null;
  /** SIGKILL: no shutdown hook runs, in-flight work dies with it. */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/**
 * A built app (the API) as a child process on a fixed port, killable and restartable on that port so clients
 * can come back to it. Ready once `readyPath` answers 200.
 */
export async function startNodeService(
  name: string,
  main: string,
  env: Record<string, string>,
  readyPath = '/health/ready',
  startTimeoutMs = 120_000,
): Promise<NodeService> {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\``);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';
  let expectedExit = false;
  const gone = (process: ChildProcess) =>
    process.exitCode !== null || process.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => process.once('exit', () => resolve()));
  const service: NodeService = {
    name,
    url,
    alive: () => child !== null && child.exitCode === null && child.signalCode === null,
    exitedBy: () => {
      if (!child || service.alive() || expectedExit) return null;
      return child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
    },
    async kill() {
      if (!child) return;
      const current = child;
      expectedExit = true;
      current.kill('SIGKILL');
      await gone(current);
    },
    async start() {
      expectedExit = false;
      const started = spawn(process.execPath, [main], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-200_000);
      };
      started.stdout?.on('data', keep);
      started.stderr?.on('data', keep);
      await waitFor(
        `${name} to be ready`,
        async () => {
          if (started.exitCode !== null) throw new Error(`${name} exited with ${started.exitCode}:\n${output}`);
          const response = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
          return response?.ok ?? false;
        },
        { timeoutMs: startTimeoutMs, intervalMs: 100 },
      );
    },
    async stop() {
      if (!child || !service.alive()) return;
      const current = child;
      expectedExit = true;
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), 15_000);
      await gone(current);
      clearTimeout(timer);
    },
    output: () => output,
  };
  await service.start();
  return service;
}
