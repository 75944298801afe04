/**
 * Test support for Debian's Linux guest: its files (scripts/linux-guest.sh, cached in
 * build/cache/linux-guest) and a boot of it on a Machine with a buffered console, for
 * the boot, shell and GDB tests. Test-only, like gdb-session.ts.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { HypervisorModel } from '@hvstep/hypervisor';
import type { Engine } from '@hvstep/emulator-core';
import { Machine } from '../machine.js';
import { BufferConsole, ROOT, LINUX_CONSOLE_WAIT_MS } from './gdb-session.js';

export interface LinuxGuestFiles {
  readonly kernel: string;
  readonly initrd: string;
  /** The same build's vmlinux with DWARF (only with `debug`). */
  readonly debugVmlinux?: string;
}

/** Provisions (or finds cached) the kernel and initramfs; with `debug` also the -dbg vmlinux. */
export function linuxGuestFiles(options: { debug?: boolean } = {}): LinuxGuestFiles {
  const args = [path.join(ROOT, 'scripts/linux-guest.sh'), ...(options.debug ? ['--debug'] : [])];
  const [kernel, initrd, debugVmlinux] = execFileSync('bash', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n') as [string, string, string?];
  return { kernel, initrd, ...(debugVmlinux ? { debugVmlinux } : {}) };
}

export interface LinuxBootOptions {
  readonly smp: number;
  readonly accel: HypervisorModel;
  readonly engine: Engine;
  readonly bootargs: string;
  /** What the test does at the console while the guest runs (type at a prompt, say). */
  readonly interact?: (console: BufferConsole) => Promise<void>;
}

/**
 * Boots the guest (1 GiB) to its power-off and resolves with the console and the
 * machine's report lines; a status other than 0 throws with the console's tail, which
 * says why (a panic, a hang).
 */
export async function bootLinuxGuest(options: LinuxBootOptions): Promise<{ out: string; lines: string[] }> {
  const { kernel, initrd } = linuxGuestFiles();
  const console = new BufferConsole(LINUX_CONSOLE_WAIT_MS);
  const lines: string[] = [];
  const m = new Machine({
    smp: options.smp, accel: options.accel, memoryBytes: 1 << 30, kernel, initrd, timeoutMs: 240_000,
    engine: options.engine, bootargs: options.bootargs, console, report: (l) => lines.push(l),
  });
  try {
    const running = m.run();
    if (options.interact) await Promise.race([options.interact(console), running]);
    const status = await running;
    if (status !== 0) throw new Error(`the guest ended with status ${status}; console tail:\n${console.out.slice(-4000)}`);
  } finally {
    await m.destroy();
  }
  return { out: console.out, lines };
}
