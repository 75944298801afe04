/**
 * A Linux kernel panic under `hvstep run`: Debian's kernel (scripts/linux-guest.sh)
 * told to run an initramfs init that does not exist (rdinit=) falls back to mounting
 * a root device, finds none and panics at the end of its boot ("Kernel panic - not
 * syncing: VFS: Unable to mount root fs", init/do_mounts.c). It prints the panic on
 * the console and calls RTAS ibm,os-term from the platform's panic hook
 * (ppc_md.panic = pseries_panic -> rtas_os_term); the run then ends with status 3
 * and one line on stderr. About 30 s on the interpreter.
 */
import { describe, it, expect } from '@jest/globals';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { repoRoot } from '@hvstep/linux-user/testing';

const MAIN = path.join(repoRoot(), 'packages/cli/dist/main.js');

describe('hvstep run: a Linux kernel panic', () => {
  it('shows the panic on the console and ends with status 3 through ibm,os-term', () => {
    const [kernel, initrd] = execFileSync('bash', [path.join(repoRoot(), 'scripts/linux-guest.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n') as [string, string];
    const r = spawnSync(process.execPath, [
      MAIN, 'run', '--kernel', kernel, '--initrd', initrd, '-m', '1G', '--smp', '2', '--engine', 'interp', '--timeout', '200',
      '--append', 'console=hvc0 cryptomgr.notests rdinit=/nonexistent init=/nonexistent',
    ], { input: '', encoding: 'utf8', timeout: 240_000, maxBuffer: 16 << 20 });
    if (r.status !== 3) throw new Error(`status ${String(r.status)}; stderr: ${r.stderr}\nconsole tail:\n${r.stdout.slice(-3000)}`);
    expect(r.stdout).toMatch(/Kernel panic - not syncing: /);
    expect(r.stdout).toMatch(/Call Trace:/);
    expect(r.stderr).toBe('hvstep: the guest terminated (RTAS ibm,os-term)\n');
  }, 300_000);
});
