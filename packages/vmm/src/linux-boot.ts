import { randomBytes } from 'node:crypto';
import type { GuestMemory } from '@hvstep/emulator-core';
import { loadSystemImage, ImageError, type LoadedImage } from './loader.js';
import { buildLinuxTree, LINUX_COMMAND_LINE_MAX } from './fdt/linux-tree.js';
import { rtasBlob, RTAS_SIZE } from './papr/rtas-blob.js';

/** Where a direct Linux boot put everything, and the boot CPU's entry registers. */
export interface LinuxBootLayout {
  kernel: LoadedImage;
  initrd?: { start: number; end: number };
  rtas: number;
  fdt: number;
  fdtSize: number;
  /** NIP (physical), r3 (the tree), r4 (the kernel's base), and whether to enter little-endian. */
  entry: { pc: number; r3: number; r4: number; littleEndian: boolean };
}

export interface LinuxBootFiles {
  kernel: { path: string; bytes: Uint8Array };
  initrd?: { path: string; bytes: Uint8Array };
  bootargs: string;
  cpus: number;
}

/** The initrd starts on this boundary after the kernel (QEMU's spapr: the kernel's end rounded up to 64 KiB). */
const INITRD_ALIGN = 0x10000;
const PAGE = 4096;

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;
const alignDown = (n: number, a: number): number => Math.floor(n / a) * a;

/**
 * A QEMU-shaped direct Linux boot (no firmware, docs/boot-protocol.md): the kernel
 * ELF at its physical addresses (0 for a ppc64 vmlinux), the initramfs right after
 * it, the RTAS blob in the top page of RAM and the device tree just below it;
 * vCPU 0 enters the kernel in real mode with r3 = the tree, r4 = the kernel's base,
 * r5 = 0 (no Open Firmware client interface). Bad input is an ImageError.
 */
export function loadLinux(memory: GuestMemory, files: LinuxBootFiles): LinuxBootLayout {
  if (new TextEncoder().encode(files.bootargs).length >= LINUX_COMMAND_LINE_MAX) {
    throw new ImageError('--append', `the kernel command line is longer than the ${LINUX_COMMAND_LINE_MAX - 1} bytes Linux accepts`);
  }
  const kernel = loadSystemImage(memory, files.kernel.bytes, files.kernel.path);
  const rtas = memory.size - RTAS_SIZE;
  let initrd: { start: number; end: number } | undefined;
  if (files.initrd) {
    const start = alignUp(kernel.highest, INITRD_ALIGN);
    const end = start + files.initrd.bytes.length;
    // the tree needs a few KiB below RTAS; check the initrd against RTAS first, the tree below
    if (end > rtas) throw new ImageError(files.initrd.path, `does not fit in guest RAM after the kernel (0x${end.toString(16)} > 0x${rtas.toString(16)}): give more memory with -m`);
    initrd = { start, end };
  }
  const tree = buildLinuxTree({
    memoryBytes: memory.size, cpus: files.cpus, bootargs: files.bootargs, initrd,
    rtas: { address: rtas, size: RTAS_SIZE }, rngSeed: randomBytes(64),
  });
  const fdt = alignDown(rtas - tree.length, PAGE);
  const used = Math.max(kernel.highest, initrd?.end ?? 0);
  if (fdt < used) throw new ImageError(files.initrd?.path ?? files.kernel.path, `the images leave no room for the device tree below 0x${rtas.toString(16)}: give more memory with -m`);
  if (files.initrd && initrd) memory.writeBytes(initrd.start, files.initrd.bytes);
  memory.writeBytes(rtas, rtasBlob());
  memory.writeBytes(fdt, tree);
  return {
    kernel, initrd, rtas, fdt, fdtSize: tree.length,
    entry: { pc: kernel.entryPhysical, r3: fdt, r4: kernel.lowest, littleEndian: kernel.elf.littleEndian },
  };
}
