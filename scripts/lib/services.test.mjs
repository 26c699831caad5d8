// Self-check for scripts/lib/services.mjs:  node scripts/lib/services.test.mjs
// Provides embedded PostgreSQL + redis-server from PATH in temp data dirs (never the machine's own
// services), talks to both, stops them and checks nothing is left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { findFreePort, provideServices, runWhileServing, waitForTcp } from './services.mjs';

delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;

const SERVICES_URL = pathToFileURL(path.join(import.meta.dirname, 'services.mjs')).href;
const quiet = () => {};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const portOf = (url) => Number(new URL(url).port);

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** CONFIG GET `name` on the redis-server at `port` (inline protocol), as its value. */
function redisConfig(port, name) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(`CONFIG GET ${name}\r\n`));
    let data = '';
    socket.setTimeout(2000, () => reject(new Error('CONFIG GET timeout')));
    socket.on('data', (c) => {
      data += c;
      // *2 $<len> name $<len> value
      const lines = data.split('\r\n');
      if (lines.length >= 5) {
        socket.destroy();
        resolve(lines[4]);
      }
    });
    socket.once('error', reject);
  });
}

function ping(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    let data = '';
    socket.setTimeout(2000, () => reject(new Error('PING timeout')));
    socket.on('data', (c) => {
      data += c;
      if (data.includes('\r\n')) {
        socket.destroy();
        resolve(data.trim());
      }
    });
    socket.once('error', reject);
  });
}

async function pgVersion(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT version()')).rows[0].version;
  } finally {
    await client.end();
  }
}

async function waitUntil(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(100);
  }
}

/** A temp dir; `open` makes it traversable for other users (like a checkout under /home or /work). */
async function tempDir(label, open = false) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `tsunagu-${label}-`));
  if (open) await fsp.chmod(dir, 0o755);
  return dir;
}

/** Runs provideServices in a child node process; resolves with the child and the URLs it printed. */
function startInChild(dataDir) {
  const code = `
    const { provideServices } = await import(${JSON.stringify(SERVICES_URL)});
    const s = await provideServices({ dataDir: ${JSON.stringify(dataDir)}, ephemeral: true, log: () => {} });
    console.log(JSON.stringify({ databaseUrl: s.databaseUrl, redisUrl: s.redisUrl }));
    setInterval(() => {}, 1000);
  `;
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise((resolve) =>
    child.once('exit', (codeOrNull, signal) => resolve({ code: codeOrNull, signal })),
  );
  const urls = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    exited.then(({ code: c, signal }) => reject(new Error(`child exited early (${c}/${signal}): ${err}`)));
  });
  return { child, urls, exited };
}

test('findFreePort and waitForTcp', async () => {
  const port = await findFreePort();
  assert.ok(Number.isInteger(port) && port > 1024 && port < 65536);
  const server = net.createServer().listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  await waitForTcp('127.0.0.1', port, 2000);
  await new Promise((resolve) => server.close(resolve));
  const t0 = Date.now();
  await assert.rejects(waitForTcp('127.0.0.1', port, 300), /Timed out after 300 ms waiting for 127\.0\.0\.1:\d+/);
  assert.ok(Date.now() - t0 < 2000);
});

test('ephemeral: provides PostgreSQL and Redis, stop() closes both and removes dataDir', async () => {
  const parent = await tempDir('svc'); // mode 0700: as root, exercises the reachable-dir fallback
  const dataDir = path.join(parent, '.tsunagu', 'test');
  const logs = [];
  const t0 = Date.now();
  const svc = await provideServices({ dataDir, ephemeral: true, log: (m) => logs.push(m) });
  const startMs = Date.now() - t0;
  if (process.getuid?.() === 0) {
    // PostgreSQL runs as the `postgres` OS user, which cannot traverse the 0700 temp dir.
    assert.ok(
      logs.some((m) => m.includes('cannot reach')),
      logs.join('\n'),
    );
    assert.ok(fs.lstatSync(path.join(dataDir, 'postgres')).isSymbolicLink());
  }
  try {
    assert.match(svc.databaseUrl, /^postgres:\/\/postgres:[^@]*@127\.0\.0\.1:\d+\/tsunagu$/);
    assert.match(svc.redisUrl, /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(svc.provided.length, 2);
    assert.match(svc.provided[0], /^postgres \(embedded, port \d+\)$/);
    assert.match(svc.provided[1], /^redis-server \(port \d+\)$/);
    assert.notEqual(portOf(svc.databaseUrl), 5432);
    assert.notEqual(portOf(svc.redisUrl), 6379);
    assert.match(await pgVersion(svc.databaseUrl), /^PostgreSQL 1\d/);
    assert.equal(await ping(portOf(svc.redisUrl)), '+PONG');
    // The queues survive a Redis restart: AOF in the data dir, fsync every second, never an eviction.
    assert.equal(await redisConfig(portOf(svc.redisUrl), 'appendonly'), 'yes');
    assert.equal(await redisConfig(portOf(svc.redisUrl), 'appendfsync'), 'everysec');
    assert.equal(await redisConfig(portOf(svc.redisUrl), 'maxmemory-policy'), 'noeviction');
    assert.equal(await redisConfig(portOf(svc.redisUrl), 'dir'), fs.realpathSync(path.join(dataDir, 'redis')));
  } finally {
    await svc.stop();
  }
  console.log(`# ephemeral first start (initdb + start + createdb + redis): ${startMs} ms`);
  assert.equal(await portOpen(portOf(svc.databaseUrl)), false, 'postgres port closed after stop');
  assert.equal(await portOpen(portOf(svc.redisUrl)), false, 'redis port closed after stop');
  assert.equal(fs.existsSync(dataDir), false, 'ephemeral dataDir removed');
  await svc.stop(); // idempotent
  await fsp.rm(parent, { recursive: true, force: true });
});

test(
  'a command run while serving can make PostgreSQL log far more than a pipe holds',
  { timeout: 120_000 },
  async () => {
    const parent = await tempDir('log');
    const svc = await provideServices({ dataDir: path.join(parent, '.tsunagu', 'test'), ephemeral: true, log: quiet });
    try {
      // 3,000 failing statements: PostgreSQL logs each (ERROR and STATEMENT), about 600 kB in all.
      const script = `
      const pg = require('pg');
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      (async () => {
        await client.connect();
        for (let i = 0; i < 3000; i += 1) {
          await client.query("SELECT 1 / 0 AS ${'x'.repeat(100)}").catch(() => undefined);
        }
        await client.end();
      })().catch((error) => { console.error(error); process.exit(2); });`;
      const started = Date.now();
      const { status } = await runWhileServing(process.execPath, ['-e', script], {
        cwd: path.join(import.meta.dirname, '..', '..'),
        env: { ...process.env, DATABASE_URL: svc.databaseUrl },
      });
      assert.equal(status, 0);
      console.log(`# 3,000 logged errors while serving: ${Date.now() - started} ms`);
      assert.match(await pgVersion(svc.databaseUrl), /^PostgreSQL 1\d/);
    } finally {
      await svc.stop();
      await fsp.rm(parent, { recursive: true, force: true });
    }
  },
);

test('persistent: warm start reuses the cluster, survives stale locks, refuses a concurrent owner', async () => {
  const parent = await tempDir('svc-dev', true);
  const dataDir = path.join(parent, '.tsunagu', 'dev');
  try {
    let t0 = Date.now();
    const first = await provideServices({ dataDir, log: quiet });
    const coldMs = Date.now() - t0;
    const { default: pg } = await import('pg');
    let client = new pg.Client({ connectionString: first.databaseUrl });
    await client.connect();
    await client.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('つなぐ')");
    await client.end();
    await first.stop();
    assert.equal(await portOpen(portOf(first.databaseUrl)), false);

    // Simulate a crash: leftover lock and postmaster.pid whose owners are dead.
    const deadPid = 2 ** 22 + 12345; // above any pid_max default: never alive
    const pgDir = fs.realpathSync(path.join(dataDir, 'postgres'));
    fs.writeFileSync(path.join(pgDir, 'postmaster.pid'), `${deadPid}\n${pgDir}\n0\n5432\n\n127.0.0.1\n 0 0\nready\n`);
    fs.writeFileSync(
      path.join(dataDir, 'services.lock'),
      JSON.stringify({ pid: deadPid, startTime: '1', children: [] }),
    );

    const logs = [];
    t0 = Date.now();
    const second = await provideServices({ dataDir, log: (m) => logs.push(m) });
    const warmMs = Date.now() - t0;
    try {
      client = new pg.Client({ connectionString: second.databaseUrl });
      await client.connect();
      const { rows } = await client.query('SELECT v FROM kept');
      await client.end();
      assert.deepEqual(rows, [{ v: 'つなぐ' }]);
      assert.ok(
        logs.some((m) => m.includes('removing a stale postmaster.pid')),
        logs.join('\n'),
      );
      assert.ok(!logs.some((m) => m.includes('initialising')), 'no second initdb');
      assert.equal(await ping(portOf(second.redisUrl)), '+PONG');

      // A second owner of the same dataDir is refused (after a short wait), not allowed to corrupt it.
      await assert.rejects(provideServices({ dataDir, log: quiet }), (err) => err.code === 'TSUNAGU_SERVICES_LOCKED');
      assert.equal(await ping(portOf(second.redisUrl)), '+PONG');
    } finally {
      await second.stop();
    }
    assert.equal(await portOpen(portOf(second.databaseUrl)), false);
    assert.equal(await portOpen(portOf(second.redisUrl)), false);
    assert.equal(fs.existsSync(path.join(dataDir, 'services.lock')), false, 'lock released');
    console.log(`# persistent cold start: ${coldMs} ms, warm start (after stale locks): ${warmMs} ms`);
  } finally {
    await fsp.rm(parent, { recursive: true, force: true });
  }
});

test('SIGINT to the owning process stops its services and removes the ephemeral dataDir', async () => {
  const parent = await tempDir('svc-sigint', true);
  const dataDir = path.join(parent, 'data');
  try {
    const { child, urls, exited } = startInChild(dataDir);
    const { databaseUrl, redisUrl } = await urls;
    assert.equal(await portOpen(portOf(databaseUrl)), true);
    child.kill('SIGINT');
    const result = await exited;
    assert.equal(result.signal, 'SIGINT', 'the process still dies of SIGINT');
    assert.equal(await portOpen(portOf(databaseUrl)), false);
    assert.equal(await portOpen(portOf(redisUrl)), false);
    assert.equal(fs.existsSync(dataDir), false);
  } finally {
    await fsp.rm(parent, { recursive: true, force: true });
  }
});

test('SIGKILL of the owning process: the watchdog stops the orphans', async () => {
  const parent = await tempDir('svc-sigkill', true);
  const dataDir = path.join(parent, 'data');
  try {
    const { child, urls, exited } = startInChild(dataDir);
    const { databaseUrl, redisUrl } = await urls;
    child.kill('SIGKILL');
    await exited;
    await waitUntil('postgres port closed', async () => !(await portOpen(portOf(databaseUrl))), 15_000);
    await waitUntil('redis port closed', async () => !(await portOpen(portOf(redisUrl))), 15_000);
    await waitUntil('dataDir removed', async () => !fs.existsSync(dataDir), 15_000);
  } finally {
    await fsp.rm(parent, { recursive: true, force: true });
  }
});

test('without redis-server on PATH (and no apt-get) the error says how to get Redis', async () => {
  const bin = await tempDir('svc-bin', true);
  const dataDir = path.join(bin, 'data');
  try {
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const code = `
      const { provideServices } = await import(${JSON.stringify(SERVICES_URL)});
      try { await provideServices({ dataDir: ${JSON.stringify(dataDir)}, log: () => {} }); process.exit(0); }
      catch (err) { console.error(err.code + '\\n' + err.message); process.exit(3); }
    `;
    const env = { PATH: bin, HOME: os.tmpdir(), DATABASE_URL: 'postgres://unused@127.0.0.1:1/x' };
    const child = spawn(path.join(bin, 'node'), ['--input-type=module', '-e', code], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exitCode = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 3, stderr);
    assert.match(stderr, /TSUNAGU_REDIS_MISSING/);
    assert.match(stderr, /redis-server was not found on PATH/);
    assert.match(stderr, /apt-get install -y redis-server/);
    assert.match(stderr, /dnf install/);
    assert.match(stderr, /brew install redis/);
    assert.match(stderr, /REDIS_URL=redis:\/\//);
    assert.match(stderr, /docker compose/);
    assert.equal(fs.existsSync(dataDir), false, 'nothing was started or created');
  } finally {
    await fsp.rm(bin, { recursive: true, force: true });
  }
});
