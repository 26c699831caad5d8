// Process supervision for `npm start`: keeps a child process running, restarting it with backoff when it
// exits on its own (a crash, a SIGKILL, an out-of-memory kill), and stops it for good on request.
//
// Backoff: `initialMs` (1 s) before the first restart, doubling up to `maxMs` (30 s); a run that stayed up
// `stableMs` (60 s) resets it. Plain Node, no dependencies.

import { spawn } from 'node:child_process';

/**
 * @typedef {object} SupervisorOptions
 * @property {string} name                  how the output names the process ("API", "worker")
 * @property {string} command
 * @property {string[]} args
 * @property {import('node:child_process').SpawnOptions} [spawnOptions]
 * @property {(message: string) => void} [log]
 * @property {number} [initialMs]
 * @property {number} [maxMs]
 * @property {number} [stableMs]
 */

/** The delay before restart number `failures` (1-based): initial, doubling, capped. */
export function backoffDelay(failures, initialMs = 1000, maxMs = 30_000) {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Starts `command` and keeps it running. Returns a handle: `child` (the current process), `restarts`,
 * `stop(signal)` (no more restarts; resolves once the child has exited), and `onStart(listener)`, told of
 * every (re)start with the new child.
 * @param {SupervisorOptions} options
 */
export function supervise(options) {
  const { name, command, args, spawnOptions = {}, log = () => {} } = options;
  const initialMs = options.initialMs ?? 1000;
  const maxMs = options.maxMs ?? 30_000;
  const stableMs = options.stableMs ?? 60_000;
  const listeners = [];
  let stopping = false;
  let failures = 0;
  let timer;
  let exited = Promise.resolve();

  const handle = {
    /** @type {import('node:child_process').ChildProcess | undefined} */
    child: undefined,
    restarts: 0,
    onStart(listener) {
      listeners.push(listener);
    },
    /** Stops the child (SIGTERM by default) and any restart still pending; no restarts after this. */
    async stop(signal = 'SIGTERM') {
      stopping = true;
      clearTimeout(timer);
      const child = handle.child;
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };

  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(command, args, spawnOptions);
    handle.child = child;
    exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (stopping) return;
        failures = Date.now() - startedAt >= stableMs ? 1 : failures + 1;
        const delay = backoffDelay(failures, initialMs, maxMs);
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        log(`The ${name} ${how}; restarting it in ${formatDelay(delay)} (restart ${handle.restarts + 1}).`);
        timer = setTimeout(() => {
          if (stopping) return;
          handle.restarts++;
          launch();
        }, delay);
      });
      // A command that cannot be started at all (not found) also ends in 'exit' with an error first.
      child.once('error', (error) => log(`The ${name} could not be started: ${error.message}`));
    });
    for (const listener of listeners) listener(child);
  };

  launch();
  return handle;
}

function formatDelay(ms) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
