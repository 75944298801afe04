import { describe, it, expect } from '@jest/globals';
import { bootLinuxGuest } from './testing/linux-guest.js';

/**
 * Debian's ppc64el kernel (scripts/linux-guest.sh) on the pr model with 4 vCPUs,
 * booted to /init's interactive busybox shell: the commands are typed on the console
 * (H_GET_TERM_CHAR, polled by the hvc driver) once the shell's prompt is there, as
 * a user would, and `poweroff -f` ends the machine with status 0. About 45-55 s on
 * the interpreter, which it runs on so that Debian's kernel runs on every engine in
 * the suite (linux-guest-boot.test.ts covers hv with 2 vCPUs on the default engine,
 * the Linux scenario matrix jit and wasm).
 */
const PROMPT = '/ # ';

describe("Debian's Linux kernel on the pr model", () => {
  it('boots on 4 vCPUs to the busybox shell, runs the typed commands and powers off with status 0', async () => {
    const { out, lines } = await bootLinuxGuest({
      smp: 4, accel: 'pr', engine: 'interp', bootargs: 'console=hvc0 cryptomgr.notests',
      // typed once the first prompt shows: input sent earlier would be echoed by the
      // tty before the shell runs, and the test would depend on when the shell starts
      interact: async (console) => {
        await console.until(PROMPT);
        console.type('echo hello from $(nproc) CPUs; poweroff -f\n');
      },
    });
    expect(out).toMatch(/smp: Brought up 1 node, 4 CPUs/);
    expect(out).toMatch(/init: busybox shell/);
    // ash's line editing asks the terminal for the cursor position (ESC [6n) after its prompt
    expect(out).toMatch(/\/ # (\x1b\[6n)?echo hello from \$\(nproc\) CPUs; poweroff -f\r?\nhello from 4 CPUs\r?\n/);
    expect(out).toMatch(/reboot: Power down/);
    expect(lines).toContain('hvstep: guest powered off (status 0)');
  }, 300_000);
});
