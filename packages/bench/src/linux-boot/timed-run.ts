import { spawn } from 'node:child_process';

/** One timed run of a machine: when a marker first appeared on its console, and when it ended. */
export interface TimedRun {
  /** Seconds from the spawn to the marker's first appearance on stdout (NaN if it never showed). */
  toMarker: number;
  /** Seconds from the spawn to the process's exit. */
  total: number;
  status: number | null;
  /** The end of stdout and stderr, for a failure's report. */
  tail: string;
}

/**
 * Spawns `command` with stdin closed (no terminal: the guest's console input is
 * empty), times the first appearance of `marker` on its stdout and its exit, and
 * kills it after `timeoutMs`. Wall time, as a user at the console would see it.
 */
export function timedRun(command: string, args: readonly string[], marker: RegExp, timeoutMs: number): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - start) / 1e9;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let toMarker = Number.NaN;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out = (out + chunk).slice(-65536);
      if (Number.isNaN(toMarker) && marker.test(out)) toMarker = seconds();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err = (err + chunk).slice(-8192); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ toMarker, total: seconds(), status, tail: `${out.slice(-2000)}\n${err.slice(-1000)}` });
    });
  });
}
