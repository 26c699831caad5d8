#!/usr/bin/env node
// `npm run bench:start`: how long `npm start` takes to its banner ("GraphQL API: …") on a warm checkout
// (dependencies installed, build current, the services' data directory and the demo network already there),
// against the services `npm start` provides itself (DATABASE_URL and REDIS_URL unset). Each run is stopped with
// SIGINT before the next. Pass another launcher as the first argument to compare it in the same run, e.g. an
// older scripts/tsunagu.mjs: node bench/start/run.mjs /tmp/tsunagu-old.mjs
//
// RUNS (default 7), PORT (default 3990).
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const runs = Number(process.env.RUNS ?? 7);
const port = process.env.PORT ?? '3990';
const launchers = [path.join(root, 'scripts', 'tsunagu.mjs'), ...process.argv.slice(2)];

function startOnce(launcher) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PORT: port };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [launcher, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ms;
    const onData = (chunk) => {
      output += chunk;
      if (ms === undefined && output.includes('GraphQL API:')) {
        ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => (ms === undefined ? reject(new Error(`no banner:\n${output}`)) : resolve(ms)));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// One start first, so every measured run is warm (build current, data directory and demo network there).
await startOnce(launchers[0]);
const times = new Map(launchers.map((launcher) => [launcher, []]));
for (let i = 0; i < runs; i += 1) {
  // Interleaved, so both launchers meet the same machine load.
  for (const launcher of launchers) times.get(launcher).push(await startOnce(launcher));
}
for (const [launcher, values] of times) {
  const shown = values.map((v) => (v / 1000).toFixed(2)).join(' ');
  process.stdout.write(`${path.relative(root, launcher)}: median ${(median(values) / 1000).toFixed(2)} s (${shown})\n`);
}
if (launchers.length === 2) {
  const [a, b] = launchers.map((launcher) => median(times.get(launcher)));
  process.stdout.write(`ratio (this / other): ${(a / b).toFixed(2)}\n`);
}
