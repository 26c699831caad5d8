// Self-check for scripts/lib/supervisor.mjs:  node --test scripts/lib/supervisor.test.mjs
// Real child processes: killed with SIGKILL they come back; crash loops back off; a stop is final.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { backoffDelay, supervise } from './supervisor.mjs';

const FOREVER = ['-e', 'setInterval(() => {}, 60_000)'];
const CRASH = ['-e', 'process.exit(3)'];

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what, probe, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function started(args, options = {}) {
  const lines = [];
  const supervisor = supervise({
    name: 'worker',
    command: process.execPath,
    args,
    spawnOptions: { stdio: 'ignore' },
    log: (line) => lines.push(line),
    initialMs: 20,
    ...options,
  });
  return { supervisor, lines };
}

test('backoff: 1 s, doubling, capped at 30 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((failures) => backoffDelay(failures)),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
  );
});

test('a child killed with SIGKILL is restarted, and the output says so', async () => {
  const { supervisor, lines } = started(FOREVER);
  try {
    const first = supervisor.child.pid;
    process.kill(first, 'SIGKILL');
    await waitFor('the restart', () => supervisor.restarts === 1 && supervisor.child.pid !== first);
    assert.ok(alive(supervisor.child.pid), 'the new child runs');
    assert.ok(!alive(first));
    assert.match(lines[0], /^The worker was killed by SIGKILL; restarting it in 20 ms \(restart 1\)\.$/);

    // And again: it is not a one-off.
    const second = supervisor.child.pid;
    process.kill(second, 'SIGKILL');
    await waitFor('the second restart', () => supervisor.restarts === 2 && supervisor.child.pid !== second);
    assert.ok(alive(supervisor.child.pid));
  } finally {
    await supervisor.stop();
  }
});

test('a crash loop backs off, doubling to the cap', async () => {
  const { supervisor, lines } = started(CRASH, { initialMs: 10, maxMs: 40, stableMs: 60_000 });
  try {
    await waitFor('five failures', () => lines.length >= 5);
  } finally {
    await supervisor.stop();
  }
  const delays = lines.slice(0, 5).map((line) => /restarting it in (\d+) ms/.exec(line)?.[1]);
  assert.deepEqual(delays, ['10', '20', '40', '40', '40']);
  assert.match(lines[0], /exited with code 3/);
});

test('a run that stayed up long enough resets the backoff', async () => {
  // stableMs 0: every run counts as a long one, so every restart waits the initial delay.
  const { supervisor, lines } = started(CRASH, { initialMs: 10, maxMs: 1000, stableMs: 0 });
  try {
    await waitFor('four failures', () => lines.length >= 4);
  } finally {
    await supervisor.stop();
  }
  assert.deepEqual(
    lines.slice(0, 4).map((line) => /restarting it in (\d+) ms/.exec(line)?.[1]),
    ['10', '10', '10', '10'],
  );
});

test('stop() ends the child without a restart', async () => {
  const { supervisor, lines } = started(FOREVER);
  const pid = supervisor.child.pid;
  await supervisor.stop();
  assert.ok(!alive(pid));
  assert.equal(supervisor.child.signalCode, 'SIGTERM');
  // Several backoff periods later there is still no new child.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(supervisor.restarts, 0);
  assert.equal(supervisor.child.pid, pid);
  assert.deepEqual(lines, []);
});

test('stop() during the backoff cancels the pending restart', async () => {
  const { supervisor, lines } = started(FOREVER, { initialMs: 60_000 });
  const pid = supervisor.child.pid;
  process.kill(pid, 'SIGKILL');
  await waitFor('the exit to be seen', () => lines.length === 1);
  await supervisor.stop();
  assert.equal(supervisor.restarts, 0);
  assert.equal(supervisor.child.pid, pid);
});
