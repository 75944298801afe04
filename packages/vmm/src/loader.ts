import { parseElf, PT_LOAD, ElfError, type ElfFile } from '@hvstep/linux-user';
import type { GuestMemory } from '@hvstep/emulator-core';

/** An ELF image placed in guest RAM by its physical addresses. */
export interface LoadedImage {
  elf: ElfFile;
  /** e_entry as a physical address (through the PT_LOAD holding it). */
  entryPhysical: number;
  lowest: number;
  highest: number;
}

export class ImageError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Loads the PT_LOAD segments of a big- or little-endian ppc64 ELF at their
 * physical addresses (p_paddr), zeroing their bss, as QEMU's machine loaders do
 * for firmware and kernel images. Everything is checked before RAM is touched.
 */
export function loadSystemImage(memory: GuestMemory, bytes: Uint8Array, file: string): LoadedImage {
  let elf: ElfFile;
  try {
    elf = parseElf(bytes);
  } catch (e) {
    throw new ImageError(file, e instanceof ElfError ? e.message : String(e));
  }
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD && p.memsz > 0);
  if (loads.length === 0) throw new ImageError(file, 'no PT_LOAD segment');
  for (const p of loads) {
    if (p.paddr < 0 || p.paddr + p.memsz > memory.size) {
      // a segment that starts inside RAM would fit a bigger machine: say how to get one
      const hint = p.paddr >= 0 && p.paddr < memory.size ? ': give more memory with -m' : '';
      throw new ImageError(file, `segment at physical 0x${p.paddr.toString(16)} (0x${p.memsz.toString(16)} bytes) is outside guest RAM (0x${memory.size.toString(16)} bytes)${hint}`);
    }
    if (p.offset + p.filesz > bytes.length) throw new ImageError(file, 'a segment extends past the end of the file');
  }
  // kernels link at 0xC000000000000000: read the entry and the virtual addresses exactly
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = elf.littleEndian;
  const entry = view.getBigUint64(24, le);
  const vaddrOf = (i: number): bigint => view.getBigUint64(elf.phoff + i * elf.phentsize + 16, le);
  let entryPhysical = -1;
  elf.programHeaders.forEach((p, i) => {
    if (p.type !== PT_LOAD || p.memsz === 0 || entryPhysical >= 0) return;
    const vaddr = vaddrOf(i);
    if (entry >= vaddr && entry < vaddr + BigInt(p.memsz)) entryPhysical = p.paddr + Number(entry - vaddr);
  });
  if (entryPhysical < 0) throw new ImageError(file, `entry point 0x${entry.toString(16)} is in no loaded segment`);
  for (const p of loads) {
    memory.u8.fill(0, p.paddr, p.paddr + p.memsz);
    memory.writeBytes(p.paddr, bytes.subarray(p.offset, p.offset + p.filesz));
  }
  return {
    elf,
    entryPhysical,
    lowest: Math.min(...loads.map((p) => p.paddr)),
    highest: Math.max(...loads.map((p) => p.paddr + p.memsz)),
  };
}
