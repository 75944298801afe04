import { PAGE_SIZE } from '@hvstep/emulator-core';
import type { LinuxProcess } from '../process.js';
import { pageAlignUp } from '../address-space.js';
import { HostFile, O } from '../host-files.js';
import { EACCES, EBADF, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM } from './errno.js';
import { int, size, type SyscallDefs } from './types.js';

/** mmap flags (asm-generic/mman-common.h; the powerpc-specific ones do not matter here). */
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_FIXED_NOREPLACE = 0x100000;

const PROT_SEM = 0x8, PROT_SAO = 0x10, PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;
const MADV_DONTNEED = 4;
const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;

const isAligned = (a: number): boolean => a % PAGE_SIZE === 0;

/**
 * brk(addr): moves the program break. Asking below the start (brk(0)) or into
 * mapped memory leaves it unchanged; the result is always the current break.
 */
export function sysBrk(p: LinuxProcess, addr: number): number {
  const s = p.space;
  if (addr < s.brkStart || !Number.isFinite(addr)) return s.brk;
  const oldTop = pageAlignUp(s.brk), newTop = pageAlignUp(addr);
  if (newTop > s.layout.mmapTop && newTop > oldTop) return s.brk;
  if (newTop > oldTop) {
    if (!s.inRam(oldTop, newTop - oldTop) || !s.isFree(oldTop, newTop - oldTop)) return s.brk;
    s.map(oldTop, newTop - oldTop, 3);
  } else if (newTop < oldTop) {
    s.unmap(newTop, oldTop - newTop);
  }
  s.brk = addr;
  return s.brk;
}

/**
 * mmap: anonymous memory (private or shared, which are the same with one
 * process), and private copies of host files (what ld.so and the loader need:
 * the file's bytes from `offset`, zero past its end). A shared writable file
 * mapping would have to write back to the file, which is not done: ENODEV.
 */
export function sysMmap(p: LinuxProcess, addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
  const s = p.space;
  if (length === 0 || !Number.isFinite(length)) return -EINVAL;
  if (offset % PAGE_SIZE !== 0) return -EINVAL;
  const type = flags & MAP_TYPE;
  if (type !== MAP_PRIVATE && type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE) return -EINVAL;
  const len = pageAlignUp(length);
  let file: HostFile | undefined;
  if ((flags & MAP_ANONYMOUS) === 0) {
    const f = p.fds.get(fd);
    if (!f) return -EBADF;
    if (f.kind !== 'file' || f.file.isDirectory) return -ENODEV;
    if ((f.flags & O.ACCMODE) === 1) return -EACCES;
    if (type !== MAP_PRIVATE && (prot & 2) !== 0) return (f.flags & O.ACCMODE) === 0 ? -EACCES : -ENODEV;
    file = f.file;
  }
  if (len > s.memory.size) return -ENOMEM;
  prot &= ~(PROT_SEM | PROT_SAO);
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (!isAligned(addr)) return -EINVAL;
    if (!s.inRam(addr, len) || addr < s.layout.mmapMin) return -ENOMEM;
    if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !s.isFree(addr, len)) return -EEXIST;
    return mapAt(p, addr, len, prot, file, offset);
  }
  let at = -1;
  const hint = addr - (addr % PAGE_SIZE);
  if (hint >= s.layout.mmapMin && s.inRam(hint, len) && s.isFree(hint, len)) at = hint;
  if (at < 0) at = s.findFree(len);
  if (at < 0) return -ENOMEM;
  return mapAt(p, at, len, prot, file, offset);
}

/** Maps [at, at+len) and, for a file mapping, copies the file's bytes from `offset` into it. */
function mapAt(p: LinuxProcess, at: number, len: number, prot: number, file: HostFile | undefined, offset: number): number {
  const s = p.space;
  s.map(at, len, prot);
  if (file) {
    const got = file.read(s.memory.u8.subarray(at, at + len), offset);
    if (got < 0) { s.unmap(at, len); return got; }
    s.markDirty(at, len);
  }
  return at;
}

export function sysMunmap(p: LinuxProcess, addr: number, length: number): number {
  const s = p.space;
  if (!isAligned(addr) || length === 0 || !Number.isFinite(length)) return -EINVAL;
  const len = pageAlignUp(length);
  if (!s.inRam(addr, len)) return -EINVAL;
  s.unmap(addr, len);
  return 0;
}

export function sysMprotect(p: LinuxProcess, addr: number, length: number, prot: number): number {
  const s = p.space;
  if (!isAligned(addr) || !Number.isFinite(length)) return -EINVAL;
  if (prot & ~(7 | PROT_SEM | PROT_SAO | PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (length === 0) return 0;
  const len = pageAlignUp(length);
  if (!s.inRam(addr, len)) return -ENOMEM;
  return s.protect(addr, len, prot & 7) ? 0 : -ENOMEM;
}

/** madvise: advice is accepted; MADV_DONTNEED drops the contents (private anonymous pages read as zero). */
export function sysMadvise(p: LinuxProcess, addr: number, length: number, advice: number): number {
  const s = p.space;
  if (!isAligned(addr) || !Number.isFinite(length)) return -EINVAL;
  if (length === 0) return 0;
  const len = pageAlignUp(length);
  if (!s.inRam(addr, len) || !s.isMapped(addr, len)) return -ENOMEM;
  if (advice === MADV_DONTNEED) {
    for (let a = addr; a < addr + len; a += PAGE_SIZE) {
      if (s.dirty[a / PAGE_SIZE]) s.memory.u8.fill(0, a, a + PAGE_SIZE);
    }
  }
  return 0;
}

/** mremap: shrink in place, grow in place when the pages above are free, else move (MREMAP_MAYMOVE). */
export function sysMremap(p: LinuxProcess, oldAddr: number, oldSize: number, newSize: number, flags: number): number {
  const s = p.space;
  if (!isAligned(oldAddr) || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) return -EINVAL;
  if (flags & MREMAP_FIXED) return -EINVAL;
  if (newSize === 0 || !Number.isFinite(newSize) || !Number.isFinite(oldSize)) return -EINVAL;
  const oldLen = pageAlignUp(oldSize), newLen = pageAlignUp(newSize);
  if (!s.inRam(oldAddr, oldLen) || !s.isMapped(oldAddr, oldLen || PAGE_SIZE)) return -EFAULT;
  if (newLen <= oldLen) {
    if (newLen < oldLen) s.unmap(oldAddr + newLen, oldLen - newLen);
    return oldAddr;
  }
  const prot = s.protectionAt(oldAddr + oldLen - PAGE_SIZE);
  const tail = oldAddr + oldLen;
  if (s.inRam(tail, newLen - oldLen) && s.isFree(tail, newLen - oldLen) && tail + newLen - oldLen <= s.layout.stackTop - s.layout.stackSize) {
    s.map(tail, newLen - oldLen, prot);
    return oldAddr;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  const at = s.findFree(newLen);
  if (at < 0) return -ENOMEM;
  s.map(at, newLen, 3);
  s.memory.u8.copyWithin(at, oldAddr, oldAddr + oldLen);
  s.protect(at, newLen, prot);
  s.unmap(oldAddr, oldLen);
  return at;
}

export const memorySyscalls: SyscallDefs = [
  { nr: 45, name: 'brk', args: 'p', ret: 'x', handler: (p, a) => sysBrk(p, size(a[0])) },
  { nr: 90, name: 'mmap', args: 'puxxdx', ret: 'x',
    handler: (p, a) => sysMmap(p, size(a[0]), size(a[1]), int(a[2]), int(a[3]), int(a[4]), size(a[5])) },
  { nr: 91, name: 'munmap', args: 'pu', handler: (p, a) => sysMunmap(p, size(a[0]), size(a[1])) },
  { nr: 125, name: 'mprotect', args: 'pux', handler: (p, a) => sysMprotect(p, size(a[0]), size(a[1]), int(a[2])) },
  { nr: 205, name: 'madvise', args: 'pud', handler: (p, a) => sysMadvise(p, size(a[0]), size(a[1]), int(a[2])) },
  { nr: 163, name: 'mremap', args: 'puuxp', ret: 'x', handler: (p, a) => sysMremap(p, size(a[0]), size(a[1]), size(a[2]), int(a[3])) },
  { nr: 144, name: 'msync', args: 'pux', handler: (p, a) => (size(a[0]) % PAGE_SIZE ? -EINVAL : 0) },
  { nr: 150, name: 'mlock', args: 'pu', handler: () => 0 },
  { nr: 151, name: 'munlock', args: 'pu', handler: () => 0 },
];
