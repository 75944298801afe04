import { ACCESS_READ, ACCESS_WRITE } from '@hvstep/emulator-core';
import type { LinuxProcess } from '../process.js';
import { SIG } from '../signals.js';
import { StructWriter } from '../guest-access.js';
import { shareFile, type OpenFile } from '../fd-table.js';
import { HostFile, O } from '../host-files.js';
import { EBADF, EFAULT, EINVAL, EISDIR, EMFILE, ENOTDIR, ENOTTY, EPIPE, ESPIPE } from './errno.js';
import { hostPathAt, isExeLink } from './paths.js';
import { AT_FDCWD, int, long, size, type SyscallDefs } from './types.js';

/** Largest single read/write transfer, like Linux's MAX_RW_COUNT (INT_MAX & PAGE_MASK). */
const MAX_RW_COUNT = 0x7ffff000;
/** Reads are staged through a host buffer; a read returns at most this much (a short read). */
const MAX_READ_CHUNK = 1 << 20;
const IOV_MAX = 1024;

const O_ACCMODE = 3;
const O_CLOEXEC = 0o2000000;

/** ioctl requests (powerpc encodings: _IOR('t', 19, struct termios) etc., from asm/ioctls.h). */
export const TCGETS = 0x402c7413;
export const TCSETS = 0x802c7414;
export const TCSETSW = 0x802c7415;
export const TCSETSF = 0x802c7416;
export const TIOCGWINSZ = 0x40087468;
export const TIOCSWINSZ = 0x80087467;
export const TIOCGPGRP = 0x40047477;

/** Writes `data` to an open file; handles SIGPIPE's default action like the kernel. */
function writeFile(p: LinuxProcess, f: OpenFile, data: Uint8Array): number {
  if (f.kind === 'null') return data.length;
  if (f.kind === 'file') {
    if ((f.flags & O.ACCMODE) === 0) return -EBADF;
    return f.file.isDirectory ? -EISDIR : f.file.write(data);
  }
  const n = p.io.write(f.stream, data);
  if (n === -EPIPE && !p.sigactions.has(SIG.PIPE) && (p.sigmask & (1n << BigInt(SIG.PIPE - 1))) === 0n) {
    p.kill(SIG.PIPE);
  }
  return n;
}

function readFile(p: LinuxProcess, f: OpenFile, buf: Uint8Array): number {
  if (f.kind === 'null') return 0;
  if (f.kind === 'file') {
    if ((f.flags & O.ACCMODE) === 1) return -EBADF;
    return f.file.isDirectory ? -EISDIR : f.file.read(buf);
  }
  return p.io.read(f.stream, buf);
}

export function sysRead(p: LinuxProcess, fd: number, addr: bigint, count: number): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (count === 0) return 0;
  const n = Math.min(count, MAX_READ_CHUNK);
  const at = p.access.check(addr, n, ACCESS_WRITE);
  if (at < 0) return -EFAULT;
  const buf = new Uint8Array(n);
  const got = readFile(p, f, buf);
  if (got > 0) p.access.u8.set(buf.subarray(0, got), at);
  return got;
}

export function sysWrite(p: LinuxProcess, fd: number, addr: bigint, count: number): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (count === 0) return 0;
  const n = Math.min(count, MAX_RW_COUNT);
  const at = p.access.check(addr, n, ACCESS_READ);
  if (at < 0) return -EFAULT;
  return writeFile(p, f, p.access.u8.subarray(at, at + n));
}

/** Reads an iovec array ({u64 base, u64 len} each); null on EFAULT, a number on EINVAL. */
function readIovecs(p: LinuxProcess, addr: bigint, count: number): Array<[bigint, number]> | number {
  if (count < 0 || count > IOV_MAX) return -EINVAL;
  const raw = p.access.read(addr, count * 16);
  if (!raw) return -EFAULT;
  const view = new DataView(raw.buffer);
  const le = p.access.littleEndian;
  const out: Array<[bigint, number]> = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const base = view.getBigUint64(i * 16, le), len = view.getBigUint64(i * 16 + 8, le);
    if (len > BigInt(MAX_RW_COUNT)) return -EINVAL;
    total += Number(len);
    if (total > MAX_RW_COUNT) return -EINVAL;
    out.push([base, Number(len)]);
  }
  return out;
}

export function sysWritev(p: LinuxProcess, fd: number, iov: bigint, count: number): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  const vecs = readIovecs(p, iov, count);
  if (typeof vecs === 'number') return vecs;
  const parts: Uint8Array[] = [];
  for (const [base, len] of vecs) {
    if (len === 0) continue;
    const b = p.access.read(base, len);
    if (!b) return -EFAULT;
    parts.push(b);
  }
  const total = parts.reduce((n, b) => n + b.length, 0);
  if (total === 0) return 0;
  const all = new Uint8Array(total);
  let at = 0;
  for (const b of parts) { all.set(b, at); at += b.length; }
  return writeFile(p, f, all);
}

export function sysReadv(p: LinuxProcess, fd: number, iov: bigint, count: number): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  const vecs = readIovecs(p, iov, count);
  if (typeof vecs === 'number') return vecs;
  let total = 0;
  for (const [base, len] of vecs) {
    if (len > 0 && p.access.check(base, len, ACCESS_WRITE) < 0) return -EFAULT;
    total += len;
  }
  if (total === 0) return 0;
  const buf = new Uint8Array(Math.min(total, MAX_READ_CHUNK));
  const got = readFile(p, f, buf);
  if (got <= 0) return got;
  let at = 0;
  for (const [base, len] of vecs) {
    if (at >= got) break;
    const n = Math.min(len, got - at);
    p.access.u8.set(buf.subarray(at, at + n), Number(base));
    at += n;
  }
  return got;
}

/** The standard streams under their /dev and /proc names, and /dev/null: no host file is opened for them. */
function resolveDevice(p: LinuxProcess, path: string): OpenFile | undefined {
  if (path === '/dev/null') return { kind: 'null', flags: 2 };
  const names: Record<string, number> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 };
  let fd = names[path];
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/.exec(path);
  if (m) fd = Number(m[1]);
  if (fd === undefined) return undefined;
  const f = p.fds.get(fd);
  return f ? shareFile(f) : undefined;
}

/**
 * openat: the standard streams and /dev/null by name, /proc/self/exe as the
 * program, anything else as a host file or directory (through the sysroot
 * prefix for absolute paths, like qemu-user).
 */
export function sysOpenat(p: LinuxProcess, dirfd: number, pathAddr: bigint, flags: number, mode: number): number {
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  let f = resolveDevice(p, path);
  if (f) {
    f.flags = flags & O_ACCMODE;
  } else {
    const host = isExeLink(p, path) ? p.exePath : hostPathAt(p, dirfd, path);
    if (typeof host === 'number') return host;
    const file = HostFile.open(host, flags, mode & 0o7777);
    if (typeof file === 'number') return file;
    f = { kind: 'file', file, flags: flags & ~O_CLOEXEC };
  }
  const fd = p.fds.add(f, 0, (flags & O_CLOEXEC) !== 0);
  if (fd < 0) { if (f.kind === 'file') f.file.release(); return -EMFILE; }
  return fd;
}

const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

/** lseek on a host file; the standard streams are pipes or terminals here (ESPIPE). */
export function sysLseek(p: LinuxProcess, fd: number, offset: number, whence: number): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (f.kind === 'null') return 0;
  if (f.kind !== 'file') return -ESPIPE;
  let base: number;
  switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f.file.pos; break;
    case SEEK_END: {
      const st = f.file.stat();
      if (typeof st === 'number') return st;
      base = Number(st.size);
      break;
    }
    default: return -EINVAL;
  }
  const at = base + offset;
  if (at < 0 || !Number.isSafeInteger(at)) return -EINVAL;
  if (f.file.isDirectory && at === 0) f.file.rewind();
  f.file.pos = at;
  return at;
}

/**
 * _llseek(fd, offset_high, offset_low, loff_t *result, whence): the 32-bit
 * interface that powerpc also gives 64-bit tasks (glibc's static lseek uses it).
 */
export function sysLlseek(p: LinuxProcess, fd: number, high: bigint, low: bigint, result: bigint, whence: number): number {
  const offset = Number(BigInt.asIntN(64, (BigInt.asUintN(32, high) << 32n) | BigInt.asUintN(32, low)));
  const at = sysLseek(p, fd, offset, whence);
  if (at < 0) return at;
  return p.access.writeU64(result, at) ? 0 : -EFAULT;
}

/** pread64/pwrite64: a transfer at `offset` that leaves the file position alone. */
function sysPreadWrite(p: LinuxProcess, fd: number, addr: bigint, count: number, offset: number, write: boolean): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (f.kind !== 'file') return f.kind === 'null' ? (write ? count : 0) : -ESPIPE;
  if (offset < 0) return -EINVAL;
  if (f.file.isDirectory) return -EISDIR;
  if ((f.flags & O_ACCMODE) === (write ? 0 : 1)) return -EBADF;
  if (count === 0) return 0;
  const n = Math.min(count, MAX_READ_CHUNK);
  const at = p.access.check(addr, n, write ? ACCESS_READ : ACCESS_WRITE);
  if (at < 0) return -EFAULT;
  if (write) return f.file.write(p.access.u8.subarray(at, at + n), offset);
  const buf = new Uint8Array(n);
  const got = f.file.read(buf, offset);
  if (got > 0) p.access.u8.set(buf.subarray(0, got), at);
  return got;
}

/**
 * getdents64: struct linux_dirent64 records {u64 d_ino, s64 d_off, u16 d_reclen,
 * u8 d_type, name, NUL} padded to 8 bytes, as many as fit; the file position is
 * the index of the next entry (and each d_off names the one after its record).
 */
export function sysGetdents64(p: LinuxProcess, fd: number, addr: bigint, count: number): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (f.kind !== 'file' || !f.file.isDirectory) return -ENOTDIR;
  const list = f.file.entries();
  if (typeof list === 'number') return list;
  const le = p.access.littleEndian;
  const out: Uint8Array[] = [];
  let used = 0;
  let i = f.file.pos;
  for (; i < list.length; i++) {
    const e = list[i]!;
    const reclen = (19 + e.name.length + 1 + 7) & ~7;
    if (used + reclen > count) break;
    const w = new StructWriter(reclen, le).u64(0, e.ino).u64(8, i + 1).u16(16, reclen);
    w.bytes[18] = e.type;
    w.bytes.set(e.name, 19);
    out.push(w.bytes);
    used += reclen;
  }
  if (out.length === 0 && i < list.length) return -EINVAL; // the buffer cannot hold the next record
  const all = new Uint8Array(used);
  let at = 0;
  for (const b of out) { all.set(b, at); at += b.length; }
  if (used > 0 && !p.access.write(addr, all)) return -EFAULT;
  f.file.pos = i;
  return used;
}

export function sysIoctl(p: LinuxProcess, fd: number, request: number, arg: bigint): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  const isTty = f.kind === 'stream' && p.io.isatty(f.stream);
  if (!isTty) return -ENOTTY;
  const le = p.access.littleEndian;
  switch (request) {
    case TCGETS: {
      // a cooked terminal: ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD|HUPCL, ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN
      const t = new StructWriter(44, le).u32(0, 0x100 | 0x200).u32(4, 0x1 | 0x2).u32(8, 0xf | 0x300 | 0x800 | 0x4000)
        .u32(12, 0x80 | 0x100 | 0x8 | 0x2 | 0x4 | 0x40 | 0x1 | 0x400).u32(36, 38400).u32(40, 38400);
      const cc = [3, 0x1c, 0x7f, 0x15, 4, 1, 0, 0, 0, 0, 0x17, 0x12, 0x1a, 0x11, 0x13, 0x16, 0x0f, 0, 0];
      t.bytes.set(cc, 16);
      return p.access.write(arg, t.bytes) ? 0 : -EFAULT;
    }
    case TCSETS: case TCSETSW: case TCSETSF:
      return p.access.check(arg, 44, ACCESS_READ) < 0 ? -EFAULT : 0;
    case TIOCGWINSZ: {
      const ws = f.kind === 'stream' ? p.io.winsize(f.stream) : null;
      const w = new StructWriter(8, le).u16(0, ws?.rows ?? 24).u16(2, ws?.cols ?? 80);
      return p.access.write(arg, w.bytes) ? 0 : -EFAULT;
    }
    case TIOCSWINSZ:
      return 0;
    case TIOCGPGRP:
      return p.access.writeU32(arg, p.pid) ? 0 : -EFAULT;
    default:
      return -EINVAL;
  }
}

function sysDup3(p: LinuxProcess, oldFd: number, newFd: number, flags: number, allowSame: boolean): number {
  const f = p.fds.get(oldFd);
  if (!f) return -EBADF;
  if (newFd < 0 || newFd >= 1024) return -EBADF;
  if (oldFd === newFd) return allowSame ? newFd : -EINVAL;
  if (flags & ~O_CLOEXEC) return -EINVAL;
  p.fds.set(newFd, shareFile(f), (flags & O_CLOEXEC) !== 0);
  return newFd;
}

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;

export function sysFcntl(p: LinuxProcess, fd: number, cmd: number, arg: bigint): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  switch (cmd) {
    case F_DUPFD: case F_DUPFD_CLOEXEC: {
      const min = int(arg);
      if (min < 0 || min >= 1024) return -EINVAL;
      const copy = shareFile(f);
      const n = p.fds.add(copy, min, cmd === F_DUPFD_CLOEXEC);
      if (n < 0 && copy.kind === 'file') copy.file.release();
      return n < 0 ? -EMFILE : n;
    }
    case F_GETFD: return p.fds.getCloexec(fd) ? 1 : 0;
    case F_SETFD: p.fds.setCloexec(fd, (int(arg) & 1) !== 0); return 0;
    case F_GETFL: return f.flags;
    case F_SETFL: f.flags = (f.flags & O_ACCMODE) | (int(arg) & ~O_ACCMODE); return 0;
    default: return -EINVAL;
  }
}

export const ioSyscalls: SyscallDefs = [
  { nr: 3, name: 'read', args: 'dpu', handler: (p, a) => sysRead(p, int(a[0]), a[1]!, Math.min(size(a[2]), MAX_RW_COUNT)) },
  { nr: 4, name: 'write', args: 'dpu', handler: (p, a) => sysWrite(p, int(a[0]), a[1]!, Math.min(size(a[2]), MAX_RW_COUNT)) },
  { nr: 145, name: 'readv', args: 'dpd', handler: (p, a) => sysReadv(p, int(a[0]), a[1]!, int(a[2])) },
  { nr: 146, name: 'writev', args: 'dpd', handler: (p, a) => sysWritev(p, int(a[0]), a[1]!, int(a[2])) },
  { nr: 5, name: 'open', args: 'sxo', handler: (p, a) => sysOpenat(p, AT_FDCWD, a[0]!, int(a[1]), int(a[2])) },
  { nr: 286, name: 'openat', args: 'Fsxo', handler: (p, a) => sysOpenat(p, int(a[0]), a[1]!, int(a[2]), int(a[3])) },
  { nr: 6, name: 'close', args: 'd', handler: (p, a) => (p.fds.close(int(a[0])) ? 0 : -EBADF) },
  { nr: 54, name: 'ioctl', args: 'dxp', handler: (p, a) => sysIoctl(p, int(a[0]), int(a[1]) >>> 0, a[2]!) },
  { nr: 41, name: 'dup', args: 'd', handler: (p, a) => {
    const f = p.fds.get(int(a[0]));
    if (!f) return -EBADF;
    const copy = shareFile(f);
    const n = p.fds.add(copy);
    if (n < 0 && copy.kind === 'file') copy.file.release();
    return n < 0 ? -EMFILE : n;
  } },
  { nr: 63, name: 'dup2', args: 'dd', handler: (p, a) => sysDup3(p, int(a[0]), int(a[1]), 0, true) },
  { nr: 316, name: 'dup3', args: 'ddx', handler: (p, a) => sysDup3(p, int(a[0]), int(a[1]), int(a[2]), false) },
  { nr: 55, name: 'fcntl', args: 'ddx', handler: (p, a) => sysFcntl(p, int(a[0]), int(a[1]), a[2]!) },
  { nr: 19, name: 'lseek', args: 'ddd', handler: (p, a) => sysLseek(p, int(a[0]), long(a[1]), int(a[2])) },
  { nr: 140, name: '_llseek', args: 'dxxpd', handler: (p, a) => sysLlseek(p, int(a[0]), a[1]!, a[2]!, a[3]!, int(a[4])) },
  { nr: 179, name: 'pread64', args: 'dpud', handler: (p, a) => sysPreadWrite(p, int(a[0]), a[1]!, Math.min(size(a[2]), MAX_RW_COUNT), long(a[3]), false) },
  { nr: 180, name: 'pwrite64', args: 'dpud', handler: (p, a) => sysPreadWrite(p, int(a[0]), a[1]!, Math.min(size(a[2]), MAX_RW_COUNT), long(a[3]), true) },
  { nr: 202, name: 'getdents64', args: 'dpu', handler: (p, a) => sysGetdents64(p, int(a[0]), a[1]!, Math.min(size(a[2]), MAX_RW_COUNT)) },
];
