import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from './machine.js';

/**
 * Debian's ppc64el kernel (scripts/linux-guest.sh) on the pr model with 4 vCPUs,
 * booted to /init's interactive busybox shell: the commands are typed on the console
 * (H_GET_TERM_CHAR, polled by the hvc driver) once the shell's prompt is there, as
 * a user would, and `poweroff -f` ends the machine with status 0. About 45-55 s on
 * the interpreter (linux-guest-boot.test.ts covers hv with 2 vCPUs).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PROMPT = '/ # ';

describe("Debian's Linux kernel on the pr model", () => {
  it('boots on 4 vCPUs to the busybox shell, runs the typed commands and powers off with status 0', async () => {
    const [kernel, initrd] = execFileSync('bash', [path.join(ROOT, 'scripts/linux-guest.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n') as [string, string];
    let out = '';
    const lines: string[] = [];
    // typed once the first prompt shows: input sent earlier would be echoed by the
    // tty before the shell runs, and the test would depend on when the shell starts
    let typed: Uint8Array | undefined = new TextEncoder().encode('echo hello from $(nproc) CPUs; poweroff -f\n');
    const m = new Machine({
      smp: 4, accel: 'pr', memoryBytes: 1 << 30, kernel, initrd, timeoutMs: 240_000, engine: 'interp',
      bootargs: 'console=hvc0 cryptomgr.notests',
      console: {
        write: (b) => { out += new TextDecoder().decode(b); },
        read: (max) => {
          if (!typed || !out.includes(PROMPT)) return new Uint8Array(0);
          const chunk = typed.subarray(0, max);
          typed = typed.length > max ? typed.subarray(max) : undefined;
          return chunk;
        },
      },
      report: (l) => lines.push(l),
    });
    try {
      const status = await m.run();
      if (status !== 0) throw new Error(`the guest ended with status ${status}; console tail:\n${out.slice(-4000)}`);
    } finally {
      await m.destroy();
    }
    expect(out).toMatch(/smp: Brought up 1 node, 4 CPUs/);
    expect(out).toMatch(/init: busybox shell/);
    // ash's line editing asks the terminal for the cursor position (ESC [6n) after its prompt
    expect(out).toMatch(/\/ # (\x1b\[6n)?echo hello from \$\(nproc\) CPUs; poweroff -f\r?\nhello from 4 CPUs\r?\n/);
    expect(out).toMatch(/reboot: Power down/);
    expect(lines).toContain('hvstep: guest powered off (status 0)');
  }, 300_000);
});
