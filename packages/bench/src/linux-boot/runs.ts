import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../throughput/programs.js';
import { median } from '../corpus/samples.js';
import { timedRun, type TimedRun, type BesideProcess } from './timed-run.js';

/** The boot both machines get: 2 vCPUs, 1 GiB, Debian's kernel and the busybox initramfs. */
export const BOOT = {
  smp: 2,
  memory: '1G',
  /** /init runs the words after `--` and powers off (guests/linux/init). */
  bootargs: 'console=hvc0 cryptomgr.notests -- /bin/uname -a',
} as const;

/** The command's output: `uname -a` on the initramfs (the kernel's own banner says "Linux version"). */
const MARKER = /^Linux \(none\) /m;
/** Longest a single boot may take before it counts as failed. */
const TIMEOUT_MS = 600_000;

export interface BootRow {
  /** Which machine, as the table names it. */
  machine: string;
  /** The command that was timed (with the guest's paths shortened), or why nothing ran. */
  command: string;
  runs: TimedRun[];
  /** Set when the row was not measured. */
  skipped?: string;
}

const CLI = join(REPO_ROOT, 'packages/cli/dist/hvstep.js');

/** The kernel and initramfs, provisioned (and cached) by scripts/linux-guest.sh. */
function linuxGuest(): { kernel: string; initrd: string } {
  const [kernel, initrd] = execFileSync('bash', [join(REPO_ROOT, 'scripts/linux-guest.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n');
  if (!kernel || !initrd) throw new Error('scripts/linux-guest.sh printed no kernel and initramfs');
  return { kernel, initrd };
}

/**
 * QEMU's pseries machine booting the same files its own way: `-kernel`/`-initrd`/
 * `-append` with QEMU's Virtual Open Firmware (x-vof=on) in place of SLOF, so QEMU
 * builds the device tree and the kernel's prom_init talks to VOF through the client
 * interface (SLOF itself would add seconds of firmware start-up). TCG, POWER9,
 * the same vCPUs, RAM and command line as hvstep.
 */
function qemuArgs(kernel: string, initrd: string): string[] {
  return ['-M', 'pseries,x-vof=on', '-cpu', 'POWER9', '-smp', String(BOOT.smp), '-m', BOOT.memory,
    '-nographic', '-vga', 'none', '-kernel', kernel, '-initrd', initrd, '-append', BOOT.bootargs];
}

/**
 * An instruction address in the kernel's exception vectors (0x1234 lies in the unused
 * 0x1200 vector) that the boot never fetches: what a user's `hbreak` deep in a kernel
 * costs while it is not hit. Armed from reset, before the first instruction.
 */
const UNREACHED = '0xc000000000001234';

/**
 * gdb-multiarch beside a boot held by `-S`: attaches as soon as the stub listens, arms a
 * hardware breakpoint (the hypervisor's, KVM_GUESTDBG_USE_HW_BP) and continues. Should
 * the address be reached after all, GDB deletes it and continues, so the row still ends.
 */
const hbreakAttach: BesideProcess = {
  ready: /GDB stub listening on (\S+):(\d+)/,
  command: 'gdb-multiarch',
  args: (m) => ['-batch', '-nx', '-ex', 'set architecture powerpc:common64', '-ex', `target remote ${m[1]!}:${m[2]!}`,
    '-ex', `hbreak *${UNREACHED}`, '-ex', 'continue', '-ex', 'delete', '-ex', 'continue'],
};

function hvstepArgs(kernel: string, initrd: string, engine: string): string[] {
  return [CLI, 'run', '--kernel', kernel, '--initrd', initrd, '--smp', String(BOOT.smp), '-m', BOOT.memory,
    '--engine', engine, '--timeout', String(TIMEOUT_MS / 1000), '--append', BOOT.bootargs];
}

const shown = (args: readonly string[], kernel: string, initrd: string): string =>
  args.map((a) => (a === kernel ? 'vmlinux' : a === initrd ? 'rootfs.cpio' : a === CLI ? 'hvstep' : /\s/.test(a) ? `"${a}"` : a)).join(' ');

/**
 * Boots the Linux guest to its command's output `repetitions` times on each machine:
 * hvstep's interpreter, translator and WebAssembly engine, and qemu-system-ppc64 (TCG) in the same run.
 */
export async function linuxBootRows(repetitions: number, log: (line: string) => void): Promise<BootRow[]> {
  const { kernel, initrd } = linuxGuest();
  const qemu = spawnSync('qemu-system-ppc64', ['--version'], { encoding: 'utf8' });
  const machines: { machine: string; command: string; args: string[]; beside?: BesideProcess; skipped?: string }[] = [
    { machine: 'hvstep, interpreter', command: process.execPath, args: hvstepArgs(kernel, initrd, 'interp') },
    { machine: 'hvstep, translator', command: process.execPath, args: hvstepArgs(kernel, initrd, 'jit') },
    { machine: 'hvstep, WebAssembly engine', command: process.execPath, args: hvstepArgs(kernel, initrd, 'wasm') },
    {
      machine: 'hvstep, translator, GDB attached with an hbreak armed', command: process.execPath,
      args: [...hvstepArgs(kernel, initrd, 'jit'), '-S', '--gdb', '127.0.0.1:0'], beside: hbreakAttach,
    },
    {
      machine: `QEMU ${/version (\S+)/.exec(qemu.stdout ?? '')?.[1] ?? ''} TCG`.replace('  ', ' '), command: 'qemu-system-ppc64', args: qemuArgs(kernel, initrd),
      skipped: qemu.status === 0 ? undefined : 'qemu-system-ppc64 is not installed (scripts/bootstrap.sh installs qemu-system-ppc)',
    },
  ];
  const rows: BootRow[] = [];
  for (const m of machines) {
    const row: BootRow = { machine: m.machine, command: shown([m.command === process.execPath ? 'node' : m.command, ...m.args], kernel, initrd).replace(/^node hvstep/, 'hvstep'), runs: [], skipped: m.skipped };
    rows.push(row);
    if (m.skipped) { log(`${m.machine}: not measured: ${m.skipped}`); continue; }
    for (let i = 0; i < repetitions; i++) {
      const run = await timedRun(m.command, m.args, MARKER, TIMEOUT_MS, m.beside);
      if (run.status !== 0 || Number.isNaN(run.toMarker)) {
        throw new Error(`${m.machine}: the boot failed (status ${String(run.status)}${Number.isNaN(run.toMarker) ? ', no command output' : ''}):\n${run.tail}`);
      }
      log(`${m.machine}: command output after ${run.toMarker.toFixed(1)} s, power-off after ${run.total.toFixed(1)} s`);
      row.runs.push(run);
    }
  }
  return rows;
}

/** The median of a row's runs, by time to the command's output and to power-off. */
export function rowMedians(row: BootRow): { toMarker: number; total: number } {
  return { toMarker: median(row.runs.map((r) => r.toMarker)), total: median(row.runs.map((r) => r.total)) };
}
