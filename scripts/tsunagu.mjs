#!/usr/bin/env node
// The two quick-start commands (`npm start`, `npm test`) and CI's fresh-machine check (`smoke`).
// Plain Node, no dependencies: it runs before `npm install` has.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { provideServices, runWhileServing } from './lib/services.mjs';
import { supervise as superviseProcess } from './lib/supervisor.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = (app, file) => path.join(root, 'dist', 'apps', app, 'apps', app, 'src', file);
const log = (message) => process.stdout.write(`[tsunagu] ${message}\n`);

/** Installs dependencies when node_modules is missing or older than package-lock.json. */
async function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  await withProgress('Installing dependencies (npm ci)', () =>
    spawnAsync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']),
  );
}

/** The newest modification time among the files a build reads. */
function newestSource() {
  let newest = 0;
  const visit = (entry) => {
    const stat = statSync(entry);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of [
    'apps',
    'libs',
    'migrations',
    'tsconfig.json',
    'tsconfig.build.json',
    'nest-cli.json',
    'package-lock.json',
  ]) {
    if (existsSync(path.join(root, entry))) visit(path.join(root, entry));
  }
  return newest;
}

/** Builds the API, the worker and the console unless the last build is newer than every source file. */
async function build() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) return;
  const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  // SWC (nest-cli.json); type checking is `npm run lint`'s (tsc --noEmit).
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  await withProgress('Building the API and the worker (SWC) and the console (Vite)', async () => {
    await spawnAsync(process.execPath, [nest, 'build', 'api']);
    await spawnAsync(process.execPath, [nest, 'build', 'worker']);
    await spawnAsync(process.execPath, [
      vite,
      'build',
      '--config',
      'apps/console/vite.config.ts',
      '--logLevel',
      'warn',
    ]);
  });
  writeFileSync(stamp, new Date().toISOString());
}

/** Runs `task`, saying what it is, every 10 s that it is still going, and how long it took. */
async function withProgress(what, task) {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  log(`${what} …`);
  const timer = setInterval(() => log(`${what}: ${seconds()} s so far …`), 10_000);
  try {
    await task();
  } finally {
    clearInterval(timer);
  }
  log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** `run` without blocking (see `runWhileServing`): resolves when the command exits 0, rejects otherwise. */
async function spawnAsync(command, args, options = {}) {
  const { status, error } = await runWhileServing(command, args, { cwd: root, ...options });
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${error?.message ?? `exit ${status}`})`);
}

/**
 * Where `start` notes that a database was migrated to the newest migration of this checkout (the file names in
 * `migrations/`), so the next start need not wait for the demo step before booting the API and the worker.
 */
function migrationMarker(databaseUrl) {
  const newest = readdirSync(path.join(root, 'migrations'))
    .filter((name) => /^\d+-.+\.ts$/.test(name))
    .sort()
    .at(-1);
  const dir = path.join(root, '.tsunagu');
  mkdirSync(dir, { recursive: true });
  const database = createHash('sha256').update(databaseUrl).digest('hex');
  return { file: path.join(dir, 'migrated-to'), content: `${database}\n${newest}\n` };
}

/** Waits until a URL answers 200 (the API is up and its database and Redis are ready). */
async function waitForReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

/**
 * SECRETS_KEY from the environment, or else this checkout's own, made once and kept in `.tsunagu/secrets-key`
 * (readable by its owner only): stored webhook secrets stay readable across restarts.
 */
function secretsKey() {
  if (process.env.SECRETS_KEY) return process.env.SECRETS_KEY;
  const file = path.join(root, '.tsunagu', 'secrets-key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function services(dataDir, ephemeral) {
  return provideServices({ dataDir: path.join(root, '.tsunagu', dataDir), ephemeral, log });
}

/**
 * The connections of the CLI (which migrates as the owner) and of the API and the worker (the app role). With
 * PostgreSQL provided here, both roles are made in it (README, "Database roles"); a DATABASE_URL from the
 * environment is used as it is, with MIGRATION_DATABASE_URL if that is set too.
 */
async function databaseEnvironments(provided) {
  // The API and the worker never get the owner's connection.
  const appBase = { ...process.env };
  delete appBase.MIGRATION_DATABASE_URL;
  if (process.env.DATABASE_URL) {
    return { cli: { ...process.env, DATABASE_URL: provided.databaseUrl }, app: { ...appBase } };
  }
  const { provideDatabaseRoles, OWNER_ROLE, APP_ROLE } = await import('./lib/database-roles.mjs');
  const { ownerUrl, appUrl } = await provideDatabaseRoles(provided.databaseUrl);
  log(`Database roles: ${OWNER_ROLE} owns the tables and migrates; the API and the worker connect as ${APP_ROLE}`);
  return {
    cli: { ...appBase, DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl },
    app: { ...appBase, DATABASE_URL: appUrl },
  };
}

function stopOnSignals(stop) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log('Stopping …');
      stop().finally(() => process.exit(0));
    });
  }
}

async function start() {
  await ensureDependencies();
  await build();
  const provided = await services('dev', false);
  const database = await databaseEnvironments(provided);
  const settings = {
    REDIS_URL: provided.redisUrl,
    SECRETS_KEY: secretsKey(),
    PORT: process.env.PORT ?? '3000',
    // The demo prints a hub-admin key: reachable from this machine only unless HOST says otherwise.
    HOST: process.env.HOST ?? '127.0.0.1',
    // Warnings and errors only on the console; set LOG_LEVEL=info to see every request.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const env = { ...database.app, ...settings };
  // The demo step migrates, seeds and prints keys. When the database was migrated to the newest migration by an
  // earlier start, the API and the worker boot while it runs (a warm start); otherwise they wait for it.
  const migrated = migrationMarker(database.cli.DATABASE_URL);
  const warm = existsSync(migrated.file) && readFileSync(migrated.file, 'utf8') === migrated.content;
  const demo = spawnAsync(process.execPath, [dist('api', 'cli.js'), 'demo'], { env: { ...database.cli, ...settings } });
  if (!warm) await demo;
  // Supervised: a crashed or killed API or worker is restarted with backoff (1 s doubling to 30 s, reset after
  // a minute up); Ctrl-C or SIGTERM stops both without restarts.
  const supervise = (name, main) => {
    const supervisor = superviseProcess({
      name,
      command: process.execPath,
      args: [main],
      spawnOptions: { cwd: root, env, stdio: 'inherit' },
      log,
    });
    supervisor.onStart((child) => {
      if (supervisor.restarts > 0) log(`Restarted the ${name} (pid ${child.pid}).`);
    });
    supervised.push(supervisor);
    return supervisor;
  };
  const supervised = [];
  const stopAll = async () => {
    await Promise.all(supervised.map((supervisor) => supervisor.stop()));
    await provided.stop();
  };
  stopOnSignals(stopAll);
  // The API first: on two cores, the worker booting beside it would delay the API's readiness.
  const api = supervise('API', dist('api', 'main.js'));
  try {
    await Promise.all([demo, waitForReady(`http://127.0.0.1:${env.PORT}/health/ready`, 60_000)]);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const worker = supervise('worker', dist('worker', 'main.js'));
  writeFileSync(migrated.file, migrated.content);
  log(`Agency console: http://localhost:${env.PORT}/console  (sign in with a demo console account above)`);
  log(
    `GraphQL API: http://localhost:${env.PORT}/graphql  ·  IDE: http://localhost:${env.PORT}/graphiql  ·  Ctrl-C stops everything`,
  );
  log(`Supervising: API pid ${api.child.pid}, worker pid ${worker.child.pid}`);
}

async function test(jestArgs) {
  await ensureDependencies();
  await build();
  const provided = await services(`test-${process.pid}`, true);
  stopOnSignals(provided.stop);
  const env = { ...process.env, DATABASE_URL: provided.databaseUrl, REDIS_URL: provided.redisUrl };
  const { status } = await runWhileServing(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      ...jestArgs,
    ],
    { cwd: root, env },
  );
  await provided.stop();
  process.exit(status);
}

/** The fresh-machine path: services provided here (never the machine's), migrate, seed, serve, query, stop. */
async function smoke() {
  await ensureDependencies();
  if (!existsSync(dist('api', 'main.js'))) await build();
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  const provided = await services('smoke', true);
  let api;
  try {
    const port = String(await (await import('./lib/services.mjs')).findFreePort());
    const database = await databaseEnvironments(provided);
    const settings = {
      REDIS_URL: provided.redisUrl,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      PORT: port,
      LOG_LEVEL: 'warn',
    };
    const env = { ...database.app, ...settings };
    const demo = await runWhileServing(process.execPath, [dist('api', 'cli.js'), 'demo'], {
      cwd: root,
      env: { ...database.cli, ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (demo.status !== 0) throw new Error(`demo setup failed:\n${demo.stdout}\n${demo.stderr}`);
    const key = /hub admin\s+(tsu_\S+)/.exec(demo.stdout)?.[1];
    if (!key) throw new Error(`no demo key printed:\n${demo.stdout}`);
    api = spawn(process.execPath, [dist('api', 'main.js')], { cwd: root, env, stdio: 'inherit' });
    const { waitForTcp } = await import('./lib/services.mjs');
    await waitForTcp('127.0.0.1', Number(port), 30_000);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ agencies(first: 100) { totalCount edges { node { sector } } } }' }),
    });
    const body = await response.json();
    const sectors = new Set(body.data?.agencies.edges.map((edge) => edge.node.sector));
    if (response.status !== 200 || sectors.size !== 16) throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
    const { APP_ROLE, sessionRoles } = await import('./lib/database-roles.mjs');
    const roles = (await sessionRoles(provided.databaseUrl))['tsunagu-api'];
    if (roles?.join() !== APP_ROLE) throw new Error(`the API connects as ${roles?.join(', ')}, not as ${APP_ROLE}`);
    log(
      `Smoke test passed: ${body.data.agencies.totalCount} demo agencies in ${sectors.size} sectors, served from ${provided.provided.join(' and ')} as ${APP_ROLE}`,
    );
  } finally {
    api?.kill('SIGTERM');
    if (api && api.exitCode === null) await new Promise((resolve) => api.once('exit', resolve));
    await provided.stop();
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands = { start: () => start(), test: () => test(rest), smoke: () => smoke() };
if (!commands[command]) {
  process.stderr.write(`Usage: node scripts/tsunagu.mjs ${Object.keys(commands).join('|')} [jest args]\n`);
  process.exit(2);
}
try {
  await commands[command]();
} catch (error) {
  process.stderr.write(`[tsunagu] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
