import { spawn } from 'node:child_process';

/** After the watchdog fires: how often GDB is interrupted again, and when it is killed. */
const INTERRUPT_EVERY_MS = 15_000;
const KILL_AFTER_MS = 60_000;

/**
 * Runs gdb-multiarch in batch mode: the symbol file, `target remote`, then the
 * scenario's commands as separate -ex arguments (unlike a -x script, an error in one
 * command does not abandon the rest, so a failing step still shows what follows).
 * Resolves with everything GDB printed, stdout and stderr interleaved as it arrived
 * (for a reader) and stream by stream (for matching: the two pipes' chunks can meet
 * inside a line, so a probe's printf line can be cut by monitor output in the first).
 *
 * A session still running after `watchdogMs` fails the run instead of hanging the
 * matrix, in two stages: GDB gets SIGINT (as a Ctrl-C at its terminal, it interrupts
 * the target, and the commands that follow — the probes — then show where every vCPU
 * stood when it hung), again every INTERRUPT_EVERY_MS for commands that resume once
 * more; whatever is still running KILL_AFTER_MS later is killed.
 */
export interface GdbOutput {
  /** stdout and stderr interleaved in arrival order: what a person reads. */
  readonly transcript: string;
  /** stdout, then stderr: every line whole, for the checks' pattern matching. */
  readonly lines: string;
}

export function runGdb(port: number, symbolFile: string, commands: readonly string[], cwd: string, watchdogMs: number): Promise<GdbOutput> {
  // GDB gives up on a packet after 2 s by default: a loaded machine can be slower
  const args = ['-batch', '-nx', '-ex', 'set remotetimeout 60', '-ex', 'set architecture powerpc:common64', '-ex', 'set pagination off',
    '-ex', 'set confirm off', '-ex', `file ${symbolFile}`, '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve, reject) => {
    const gdb = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
    let out = '', stdout = '', stderr = '';
    let interrupter: NodeJS.Timeout | undefined;
    let killer: NodeJS.Timeout | undefined;
    const watchdog = setTimeout(() => {
      out += `\n[watchdog: gdb-multiarch interrupted after ${watchdogMs / 1000} s]\n`;
      gdb.kill('SIGINT');
      interrupter = setInterval(() => gdb.kill('SIGINT'), INTERRUPT_EVERY_MS);
      killer = setTimeout(() => { out += `\n[watchdog: gdb-multiarch killed after ${(watchdogMs + KILL_AFTER_MS) / 1000} s]\n`; gdb.kill('SIGKILL'); }, KILL_AFTER_MS);
    }, watchdogMs);
    const stop = (): void => { clearTimeout(watchdog); clearInterval(interrupter); clearTimeout(killer); };
    gdb.stdout.setEncoding('utf8');
    gdb.stderr.setEncoding('utf8');
    gdb.stdout.on('data', (d: string) => { out += d; stdout += d; });
    gdb.stderr.on('data', (d: string) => { out += d; stderr += d; });
    gdb.on('error', (e) => { stop(); reject(e); });
    gdb.on('close', () => { stop(); resolve({ transcript: out, lines: `${stdout}\n${stderr}` }); });
  });
}
