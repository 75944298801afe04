import { describe, it, expect } from '@jest/globals';
import { DEFAULT_ENGINE } from '@hvstep/emulator-core';
import { bootLinuxGuest } from './testing/linux-guest.js';

/**
 * Debian's ppc64el kernel (scripts/linux-guest.sh) boots on 2 vCPUs to its /init,
 * runs `uname -a` from the busybox initramfs and powers off with status 0 (16-50 s
 * on 2 cores, depending on the load), on `hvstep run`'s engine (DEFAULT_ENGINE, the
 * fastest for a boot, docs/benchmarks.md).
 */
describe("Debian's Linux kernel", () => {
  it('boots on 2 vCPUs to the initramfs, runs a command and powers off with status 0', async () => {
    const { out, lines } = await bootLinuxGuest({
      smp: 2, accel: 'hv', engine: DEFAULT_ENGINE, bootargs: 'console=hvc0 cryptomgr.notests -- /bin/uname -a',
    });
    expect(out).toMatch(/smp: Brought up 1 node, 2 CPUs/);
    expect(out).toMatch(/Run \/init as init process/);
    expect(out).toMatch(/\nLinux \(none\) 6\.12\.\S+ #1 SMP Debian .* ppc64le GNU\/Linux\r?\n/);
    expect(out).toMatch(/init: '\/bin\/uname -a' exited with status 0/);
    expect(out).toMatch(/reboot: Power down/);
    expect(lines).toContain('hvstep: guest powered off (status 0)');
  }, 300_000);
});
