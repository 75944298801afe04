import { PAGE_SIZE } from '@hvstep/emulator-core';
import { ElfError, ET_DYN, PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR, type ElfFile } from './elf/parse.js';
import { type AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE, pageAlignDown, pageAlignUp } from './address-space.js';

/** Where the program landed in guest memory: what the stack's auxv and start_thread need. */
export interface LoadedImage {
  /** e_entry plus the load bias: for ELFv1 the address of the entry function descriptor. */
  entry: number;
  /** Address of the program headers in guest memory (AT_PHDR); 0 when not loaded. */
  phdr: number;
  phent: number;
  phnum: number;
  /** Load bias (0 for ET_EXEC; static-pie ET_DYN programs are placed at 0x10000000). */
  bias: number;
  /** Lowest and highest (exclusive) addresses of the loaded segments. */
  start: number;
  end: number;
  /** Initial program break: the page-aligned end of the highest segment. */
  brk: number;
}

/** Calls fn(from, to, value) for each run of equal values in `a`. */
function forEachRun(a: Uint8Array, fn: (from: number, to: number, value: number) => void): void {
  let from = 0;
  for (let i = 1; i <= a.length; i++) {
    if (i === a.length || a[i] !== a[from]) { fn(from, i, a[from]!); from = i; }
  }
}

/** Where an ET_DYN (static-pie) executable is placed, where ET_EXEC ppc64 programs usually link. */
export const PIE_BASE = 0x10000000;

const protOf = (flags: number): number =>
  ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) | ((flags & PF_X) ? PROT_EXEC : 0);

/**
 * Loads the PT_LOAD segments of `elf` at their virtual addresses (plus the bias for
 * ET_DYN: a program at PIE_BASE, an interpreter in the mmap area), with the protections of p_flags; bytes past p_filesz (bss) are zero.
 * Segments that share a page get the union of their protections, as the page can
 * only have one. Throws ElfError when a segment does not fit in guest RAM below
 * the stack, or segments overlap.
 */
export function loadElf(elf: ElfFile, bytes: Uint8Array, space: AddressSpace, placement: 'program' | 'interpreter' = 'program'): LoadedImage {
  const loads = elf.programHeaders.filter((ph) => ph.type === PT_LOAD && ph.memsz > 0);
  if (loads.length === 0) throw new ElfError('no PT_LOAD segment with a non-zero size');
  const lowest = Math.min(...loads.map((ph) => ph.vaddr));
  let bias = elf.type === ET_DYN && lowest < PIE_BASE ? PIE_BASE - pageAlignDown(lowest) : 0;
  if (placement === 'interpreter' && elf.type === ET_DYN) {
    // the dynamic linker goes where mmap would put it (load_elf_interp() maps it without a fixed address)
    const span = pageAlignUp(Math.max(...loads.map((ph) => ph.vaddr + ph.memsz))) - pageAlignDown(lowest);
    const at = space.findFree(span);
    if (at < 0) throw new ElfError(`no room for the ${span}-byte interpreter in guest RAM`);
    bias = at - pageAlignDown(lowest);
  }
  const limit = space.layout.stackTop - space.layout.stackSize - PAGE_SIZE;

  // check everything before touching memory
  for (const ph of loads) {
    const start = ph.vaddr + bias, end = start + ph.memsz;
    if (!Number.isSafeInteger(end) || start < PAGE_SIZE || end > limit) {
      throw new ElfError(`segment at 0x${ph.vaddr.toString(16)} (size 0x${ph.memsz.toString(16)}) lies outside guest RAM `
        + `(programs must load between 0x${PAGE_SIZE.toString(16)} and 0x${limit.toString(16)})`);
    }
  }
  const sorted = [...loads].sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!, cur = sorted[i]!;
    if (prev.vaddr + prev.memsz > cur.vaddr) {
      throw new ElfError(`segments at 0x${prev.vaddr.toString(16)} and 0x${cur.vaddr.toString(16)} overlap`);
    }
  }

  // page protections: union over the segments touching each page
  const first = pageAlignDown(lowest + bias);
  const spanEnd = pageAlignUp(Math.max(...loads.map((ph) => ph.vaddr + bias + ph.memsz)));
  const pageProt = new Uint8Array((spanEnd - first) / PAGE_SIZE);
  const isLoaded = new Uint8Array(pageProt.length);
  for (const ph of loads) {
    const start = ph.vaddr + bias;
    const a = (pageAlignDown(start) - first) / PAGE_SIZE, b = (pageAlignUp(start + ph.memsz) - first) / PAGE_SIZE;
    for (let i = a; i < b; i++) { pageProt[i]! |= protOf(ph.flags) | 8; isLoaded[i] = 1; }
  }
  // map writable first so the copies below can go straight to RAM
  forEachRun(isLoaded, (a, b, v) => { if (v) space.map(first + a * PAGE_SIZE, (b - a) * PAGE_SIZE, PROT_READ | PROT_WRITE); });
  for (const ph of loads) {
    const start = ph.vaddr + bias;
    space.memory.u8.set(bytes.subarray(ph.offset, ph.offset + ph.filesz), start);
    // bss: freshly mapped memory is zero; clear the partial page after the file data explicitly
    const fileEnd = start + ph.filesz;
    space.memory.u8.fill(0, fileEnd, Math.min(pageAlignUp(fileEnd), start + ph.memsz));
  }
  forEachRun(pageProt, (a, b, v) => { if (v & 8) space.protect(first + a * PAGE_SIZE, (b - a) * PAGE_SIZE, v & 7); });

  let phdr = 0;
  const phdrSeg = elf.programHeaders.find((ph) => ph.type === PT_PHDR);
  if (phdrSeg) phdr = phdrSeg.vaddr + bias;
  else {
    const holder = loads.find((ph) => elf.phoff >= ph.offset && elf.phoff + elf.phentsize * elf.programHeaders.length <= ph.offset + ph.filesz);
    if (holder) phdr = holder.vaddr + bias + (elf.phoff - holder.offset);
  }

  const end = Math.max(...loads.map((ph) => ph.vaddr + bias + ph.memsz));
  return {
    entry: elf.entry + bias,
    phdr,
    phent: elf.phentsize,
    phnum: elf.programHeaders.length,
    bias,
    start: lowest + bias,
    end,
    brk: pageAlignUp(end),
  };
}
