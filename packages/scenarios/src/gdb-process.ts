import { spawn } from 'node:child_process';


/**
 * Runs gdb-multiarch in batch mode: the symbol file, `target remote`, then the
 * scenario's commands as separate -ex arguments (unlike a -x script, an error in one
 * command does not abandon the rest, so a failing step still shows what follows).
 * Resolves with everything GDB printed, stdout and stderr interleaved; a session still
 * running after `watchdogMs` is killed (a stuck run fails instead of hanging the matrix).
 */
export function runGdb(port: number, symbolFile: string, commands: readonly string[], cwd: string, watchdogMs: number): Promise<string> {
  // GDB gives up on a packet after 2 s by default: a loaded machine can be slower
  const args = ['-batch', '-nx', '-ex', 'set remotetimeout 60', '-ex', 'set architecture powerpc:common64', '-ex', 'set pagination off',
    '-ex', 'set confirm off', '-ex', `file ${symbolFile}`, '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve, reject) => {
    const gdb = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
    let out = '';
    const watchdog = setTimeout(() => { out += `\n[watchdog: gdb-multiarch killed after ${watchdogMs / 1000} s]\n`; gdb.kill('SIGKILL'); }, watchdogMs);
    gdb.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    gdb.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    gdb.on('error', (e) => { clearTimeout(watchdog); reject(e); });
    gdb.on('close', () => { clearTimeout(watchdog); resolve(out); });
  });
}
