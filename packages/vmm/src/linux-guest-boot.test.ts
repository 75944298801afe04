import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from './machine.js';

/**
 * Debian's ppc64el kernel (scripts/linux-guest.sh) boots on 2 vCPUs to its /init,
 * runs `uname -a` from the busybox initramfs and powers off with status 0 (16-50 s
 * on 2 cores, depending on the load). It runs on the interpreter, the faster engine
 * for a boot today (docs/benchmarks.md); the GDB e2e tests boot on the default one.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe("Debian's Linux kernel", () => {
  it('boots on 2 vCPUs to the initramfs, runs a command and powers off with status 0', async () => {
    const [kernel, initrd] = execFileSync('bash', [path.join(ROOT, 'scripts/linux-guest.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n') as [string, string];
    let out = '';
    const lines: string[] = [];
    const m = new Machine({
      smp: 2, accel: 'hv', memoryBytes: 1 << 30, kernel, initrd, timeoutMs: 240_000, engine: 'interp',
      bootargs: 'console=hvc0 cryptomgr.notests -- /bin/uname -a',
      console: { write: (b) => { out += new TextDecoder().decode(b); }, read: () => new Uint8Array(0) },
      report: (l) => lines.push(l),
    });
    try {
      const status = await m.run();
      // on a failure, the end of the console says why (a panic, a hang)
      if (status !== 0) throw new Error(`the guest ended with status ${status}; console tail:\n${out.slice(-4000)}`);
    } finally {
      await m.destroy();
    }
    expect(out).toMatch(/smp: Brought up 1 node, 2 CPUs/);
    expect(out).toMatch(/Run \/init as init process/);
    expect(out).toMatch(/\nLinux \(none\) 6\.12\.\S+ #1 SMP Debian .* ppc64le GNU\/Linux\r?\n/);
    expect(out).toMatch(/init: '\/bin\/uname -a' exited with status 0/);
    expect(out).toMatch(/reboot: Power down/);
    expect(lines).toContain('hvstep: guest powered off (status 0)');
  }, 300_000);
});
