import { spawn, type ChildProcess } from 'node:child_process';

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
 * A process started beside the timed one once the timed one's stderr first matches
 * `ready` (a debugger attaching once the GDB stub listens); its arguments may use the
 * match. It is killed if it outlives the timed process.
 */
export interface BesideProcess {
  readonly ready: RegExp;
  readonly command: string;
  readonly args: (match: RegExpExecArray) => readonly string[];
}

/**
 * Spawns `command` with stdin closed (no terminal: the guest's console input is
 * empty), times the first appearance of `marker` on its stdout and its exit, and
 * kills it after `timeoutMs`. Wall time, as a user at the console would see it.
 */
export function timedRun(command: string, args: readonly string[], marker: RegExp, timeoutMs: number, beside?: BesideProcess): Promise<TimedRun> {
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
    let companion: ChildProcess | undefined;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err = (err + chunk).slice(-8192);
      const match = beside && companion === undefined ? beside.ready.exec(err) : null;
      if (beside && match) {
        companion = spawn(beside.command, beside.args(match), { stdio: ['ignore', 'pipe', 'pipe'] });
        companion.stdout?.setEncoding('utf8').on('data', (c: string) => { err = (err + c).slice(-8192); });
        companion.stderr?.setEncoding('utf8').on('data', (c: string) => { err = (err + c).slice(-8192); });
        companion.on('error', (e) => { err += `\n${beside.command}: ${e.message}`; });
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); companion?.kill('SIGKILL'); reject(e); });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (companion && companion.exitCode === null) companion.kill('SIGKILL');
      resolve({ toMarker, total: seconds(), status, tail: `${out.slice(-2000)}\n${err.slice(-1000)}` });
    });
  });
}
