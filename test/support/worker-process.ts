import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The built worker (`npm test` builds it; by hand: `npx nest build worker`) and a private `redis-server`, run
 * as real child processes so that tests can stop, kill and restart them.
 */
const root = path.resolve(import.meta.dirname, '../..');
export const WORKER_MAIN = path.join(root, 'dist/apps/worker/apps/worker/src/main.js');

/** A free TCP port on the loopback interface (free when asked; tests start their process on it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something other than undefined, null or false; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Sends `signal`, then SIGKILL if the process is still there after `timeoutMs`; resolves with the exit code. */
async function terminate(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<number | null> {
  const exit = exitOf(child);
  if (child.exitCode !== null || child.signalCode !== null) return exit;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await exit;
  } finally {
    clearTimeout(timer);
  }
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly healthUrl: string;
  /** Everything the worker wrote (stdout and stderr), so far. */
  output(): string;
  /** SIGTERM (graceful shutdown), SIGKILL after `timeoutMs`; resolves with the exit code (null if killed). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL: the process dies at once, mid-job or mid-transaction. */
  kill(): Promise<void>;
}

export interface WorkerEnv {
  /** Unique per test file: queues, keys and bus topics of this worker. */
  REDIS_PREFIX: string;
  /** Default: process.env.REDIS_URL. */
  REDIS_URL?: string;
  /** Default: process.env.DATABASE_URL (global setup points it at the run's migrated database). */
  DATABASE_URL?: string;
  LOG_LEVEL?: string;
  /** Any other setting (e.g. WEBHOOK_*, SMTP_URL). */
  [variable: string]: string | undefined;
}

/** Starts the built worker and resolves once it serves its health endpoint (its modules are up by then). */
export async function startWorker(env: WorkerEnv, { readyTimeoutMs = 20_000 } = {}): Promise<WorkerProcess> {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npx nest build worker\``);
  const port = await freePort();
  const { REDIS_PREFIX, REDIS_URL, DATABASE_URL, LOG_LEVEL, ...settings } = env;
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: {
      SECRETS_KEY: process.env.SECRETS_KEY,
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32,::1/128',
      ...settings,
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: DATABASE_URL ?? process.env.DATABASE_URL,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: REDIS_URL ?? process.env.REDIS_URL,
      REDIS_PREFIX,
      HOST: '127.0.0.1',
      WORKER_HEALTH_PORT: String(port),
      LOG_LEVEL: LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const healthUrl = `http://127.0.0.1:${port}/health`;
  const worker: WorkerProcess = {
    child,
    healthUrl,
    output: () => output,
    stop: (timeoutMs = 15_000) => terminate(child, 'SIGTERM', timeoutMs),
    kill: async () => {
      await terminate(child, 'SIGKILL', 5_000);
    },
  };
  try {
    await waitFor(
      'the worker to serve /health/live',
      async () => {
        if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}:\n${output}`);
        const response = await fetch(`${healthUrl}/live`, { signal: AbortSignal.timeout(1000) });
        return response.ok;
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    await worker.kill();
    throw new Error(`${(error as Error).message}\nworker output:\n${output}`);
  }
  return worker;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts it (again) on the same port, empty (nothing is persisted), and waits until it accepts clients. */
  start(): Promise<void>;
  /** SIGTERM, and waits for it to exit: every client sees its connection drop. */
  stop(): Promise<void>;
}

function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * A private `redis-server` on a free port, started; stop and start it to simulate an outage. `extraArgs` are
 * added to its command line (e.g. `--rename-command CONFIG ""`).
 */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      const started = spawn('redis-server', [...args, '--dir', os.tmpdir(), ...extraArgs], { stdio: 'ignore' });
      child = started;
      await waitFor(
        `redis-server on port ${port}`,
        () => {
          if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
          return redisAnswers(port);
        },
        { timeoutMs: 10_000, intervalMs: 50 },
      );
    },
    async stop() {
      if (child) await terminate(child, 'SIGTERM', 5_000);
      child = null;
    },
  };
  await server.start();
  return server;
}
