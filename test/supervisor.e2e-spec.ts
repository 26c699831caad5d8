import { supervise, type Supervisor } from '../scripts/lib/supervisor.mjs';
import { uniqueSuffix } from './support/test-app.js';
import { freePort, waitFor, WORKER_MAIN } from './support/worker-process.js';

/**
 * `npm start`'s supervision of the built worker (scripts/lib/supervisor.mjs, as scripts/tsunagu.mjs uses it):
 * killed with SIGKILL, the worker comes back and serves /health/ready again; a stop is final.
 */
describe('supervised worker', () => {
  let supervisor: Supervisor | undefined;
  const lines: string[] = [];
  afterAll(() => supervisor?.stop());

  it('comes back after a SIGKILL, and stays down after a stop', async () => {
    const port = await freePort();
    supervisor = supervise({
      name: 'worker',
      command: process.execPath,
      args: [WORKER_MAIN],
      spawnOptions: {
        stdio: 'ignore',
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          SECRETS_KEY: process.env.SECRETS_KEY,
          DATABASE_URL: process.env.DATABASE_URL,
          DATABASE_POOL_SIZE: '4',
          REDIS_URL: process.env.REDIS_URL,
          REDIS_PREFIX: `tsunagu-test-${uniqueSuffix().toLowerCase()}`,
          HOST: '127.0.0.1',
          WORKER_HEALTH_PORT: String(port),
          LOG_LEVEL: 'silent',
        },
      },
      log: (line) => lines.push(line),
      initialMs: 200,
    });
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok;
    await waitFor('the worker to be ready', ready, { timeoutMs: 30_000 });

    const first = supervisor.child.pid!;
    process.kill(first, 'SIGKILL');
    await waitFor('the worker to be restarted', () => supervisor!.restarts === 1, { timeoutMs: 10_000 });
    expect(supervisor.child.pid).not.toBe(first);
    await waitFor('the restarted worker to be ready', ready, { timeoutMs: 30_000 });
    expect(lines).toEqual(['The worker was killed by SIGKILL; restarting it in 200 ms (restart 1).']);

    const second = supervisor.child;
    await supervisor.stop();
    expect(second.signalCode ?? second.exitCode).not.toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    expect(supervisor.restarts).toBe(1);
  });
});
