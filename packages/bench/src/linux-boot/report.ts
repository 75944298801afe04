import { BOOT, rowMedians, type BootRow } from './runs.js';

/** The section's heading: `--write` (linux-boot/main.ts) replaces the section it starts. */
export const LINUX_BOOT_HEADING = "## Linux: Debian's kernel to its first command, against qemu-system-ppc64";

const s = (x: number): string => x.toFixed(1);

/** docs/benchmarks.md's section on the Linux boot: one row per machine, the median of its runs. */
export function linuxBootSection(rows: readonly BootRow[], repetitions: number): string {
  const qemu = rows.find((r) => r.machine.startsWith('QEMU'));
  const qemuTime = qemu && !qemu.skipped && qemu.runs.length > 0 ? rowMedians(qemu).toMarker : Number.NaN;
  const lines = ['| machine | runs | to the command\'s output s | to power-off s | vs QEMU (time) |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    if (r.skipped) { lines.push(`| ${r.machine} | 0 | not measured: ${r.skipped} | | |`); continue; }
    const m = rowMedians(r);
    const ratio = Number.isNaN(qemuTime) ? '—' : `${(m.toMarker / qemuTime).toFixed(1)} ×`;
    lines.push(`| ${r.machine} | ${r.runs.length} | ${s(m.toMarker)} | ${s(m.total)} | ${ratio} |`);
  }
  const commands = rows.map((r) => `    ${r.command}`).join('\n');
  return `${LINUX_BOOT_HEADING}

Debian's ppc64el kernel and the busybox initramfs of \`scripts/linux-guest.sh\`, ${BOOT.smp} vCPUs,
${BOOT.memory.replace(/G$/, ' GiB')} of RAM, the command line \`${BOOT.bootargs}\`:
/init runs \`uname -a\` and powers off. The time is wall time from starting the process
to the command's output on the console (the whole boot: kernel, initramfs, /init), then
to power-off; the median of ${repetitions} run(s) of each machine, all in the same run of the
benchmark. hvstep enters the kernel directly with its own device tree
(docs/boot-protocol.md); QEMU's pseries machine boots the same files with \`-kernel\`,
builds its own tree and hands it over through its Virtual Open Firmware (\`x-vof=on\`:
the kernel's prom_init runs against it; no SLOF). "vs QEMU" is hvstep's time over
QEMU's: how many times longer the boot takes. The row with GDB attached boots held
(\`-S\`); gdb-multiarch attaches as the stub listens, arms a hardware breakpoint
(\`hbreak\`) on a kernel address the boot never fetches and continues: what an armed
\`hbreak\` costs the translator while it is not hit (docs/ARCHITECTURE.md, the
hypervisor's instruction breakpoints). The Linux boot alone, written into this
file: \`node packages/bench/dist/linux-boot/main.js --write [--runs N]\`.

${lines.join('\n')}

The commands (vmlinux and rootfs.cpio in build/cache/linux-guest/):

${commands}
`;
}

/** The section when the boot could not be measured: says so, and why. */
export function linuxBootFailure(reason: string): string {
  return `${LINUX_BOOT_HEADING}

Not measured in this run: ${reason}
`;
}

/** `doc` with the Linux boot section replaced by `section` (up to the next `## ` heading), or appended. */
export function spliceSection(doc: string, section: string): string {
  const start = doc.indexOf(LINUX_BOOT_HEADING);
  if (start < 0) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf('\n## ', start + LINUX_BOOT_HEADING.length);
  return `${doc.slice(0, start)}${section}${next < 0 ? '' : `\n${doc.slice(next + 1)}`}`;
}
