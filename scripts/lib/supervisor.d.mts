import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface SupervisorOptions {
  name: string;
  command: string;
  args: string[];
  spawnOptions?: SpawnOptions;
  log?: (message: string) => void;
  initialMs?: number;
  maxMs?: number;
  stableMs?: number;
}

export interface Supervisor {
  child: ChildProcess;
  restarts: number;
  onStart(listener: (child: ChildProcess) => void): void;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function backoffDelay(failures: number, initialMs?: number, maxMs?: number): number;
export function supervise(options: SupervisorOptions): Supervisor;
