import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from './worker-process.js';

const API_MAIN = path.resolve(import.meta.dirname, '../../dist/apps/api/apps/api/src/main.js');

export interface ApiProcess {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built API as a process of its own (a second instance beside an in-process test app). */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\``);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SECRETS_KEY: process.env.SECRETS_KEY ?? '',
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32,::1/128',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the API process to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
      return response?.ok ?? false;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  return {
    url,
    output: () => output,
    stop: async () => {
      // Nest re-raises SIGTERM once it has shut down, so a stopped API has a signalCode and no exitCode: a
      // second stop() would otherwise wait for an 'exit' that already happened.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
