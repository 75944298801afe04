import * as fs from 'node:fs';
import type { LinuxProcess } from '../process.js';
import { StructWriter } from '../guest-access.js';
import type { HostStat } from '../host-io.js';
import { S_IFCHR } from '../host-io.js';
import { EBADF, EFAULT, EINVAL, ENOENT, ERANGE } from './errno.js';
import { AT_FDCWD, int, size, type SyscallDefs } from './types.js';

const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EMPTY_PATH = 0x1000;
const S_IFREG = 0o100000;

/** The ppc64 `struct stat` (asm/stat.h, 144 bytes). */
export const STAT_SIZE = 144;

/** Encodes a stat in the ppc64 layout, in the guest byte order. */
export function encodeStat(s: HostStat, le: boolean): Uint8Array {
  const NS = 1000000000n;
  return new StructWriter(STAT_SIZE, le)
    .u64(0, s.dev).u64(8, s.ino).u64(16, s.nlink).u32(24, s.mode).u32(28, s.uid).u32(32, s.gid)
    .u64(40, s.rdev).u64(48, s.size).u64(56, s.blksize).u64(64, s.blocks)
    .u64(72, s.atimeNs / NS).u64(80, s.atimeNs % NS)
    .u64(88, s.mtimeNs / NS).u64(96, s.mtimeNs % NS)
    .u64(104, s.ctimeNs / NS).u64(112, s.ctimeNs % NS)
    .bytes;
}

const isExeLink = (p: LinuxProcess, path: string): boolean =>
  path === '/proc/self/exe' || path === `/proc/${p.pid}/exe` || path === '/proc/thread-self/exe';

function hostFileStat(path: string): HostStat | null {
  try {
    const s = fs.statSync(path, { bigint: true });
    return {
      dev: s.dev, ino: s.ino, mode: Number(s.mode), nlink: s.nlink, uid: Number(s.uid), gid: Number(s.gid), rdev: s.rdev,
      size: s.size, blksize: s.blksize, blocks: s.blocks, atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
    };
  } catch {
    return null;
  }
}

/** What fstat of a guest fd reports: the host stream's stat, or /dev/null's. */
function statFd(p: LinuxProcess, fd: number): HostStat | number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (f.kind === 'null') {
    const t = BigInt(Date.now()) * 1000000n;
    return { dev: 5n, ino: 4n, mode: S_IFCHR | 0o666, nlink: 1n, uid: 0, gid: 0, rdev: 0x103n, size: 0n, blksize: 4096n, blocks: 0n, atimeNs: t, mtimeNs: t, ctimeNs: t };
  }
  const s = p.io.stat(f.stream);
  return s ?? -EBADF;
}

/** The files a path can name: the standard streams, /dev/null and the executable itself. */
function statPath(p: LinuxProcess, path: string): HostStat | number {
  const streams: Record<string, number> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 };
  if (path in streams) return statFd(p, streams[path]!);
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/.exec(path);
  if (m) return statFd(p, Number(m[1]));
  if (path === '/dev/null') {
    const t = BigInt(Date.now()) * 1000000n;
    return { dev: 5n, ino: 4n, mode: S_IFCHR | 0o666, nlink: 1n, uid: 0, gid: 0, rdev: 0x103n, size: 0n, blksize: 4096n, blocks: 0n, atimeNs: t, mtimeNs: t, ctimeNs: t };
  }
  if (isExeLink(p, path) || path === p.exePath) {
    const s = hostFileStat(p.exePath);
    if (s && (s.mode & 0o170000) === S_IFREG) return s;
  }
  return -ENOENT;
}

export function sysNewfstatat(p: LinuxProcess, dirfd: number, pathAddr: bigint, buf: bigint, flags: number): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */)) return -EINVAL;
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  let s: HostStat | number;
  if (path === '') {
    if (!(flags & AT_EMPTY_PATH)) return -ENOENT;
    s = dirfd === AT_FDCWD ? -ENOENT : statFd(p, dirfd);
  } else {
    s = statPath(p, path);
  }
  if (typeof s === 'number') return s;
  return p.access.write(buf, encodeStat(s, p.access.littleEndian)) ? 0 : -EFAULT;
}

export function sysFstat(p: LinuxProcess, fd: number, buf: bigint): number {
  const s = statFd(p, fd);
  if (typeof s === 'number') return s;
  return p.access.write(buf, encodeStat(s, p.access.littleEndian)) ? 0 : -EFAULT;
}

/** readlink(at): only /proc/self/exe, which names the program; the result is not NUL-terminated. */
export function sysReadlinkat(p: LinuxProcess, pathAddr: bigint, buf: bigint, bufsiz: number): number {
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  if (bufsiz <= 0 || !Number.isFinite(bufsiz)) return -EINVAL;
  if (!isExeLink(p, path)) return statPath(p, path) === -ENOENT ? -ENOENT : -EINVAL;
  const target = new TextEncoder().encode(p.exePath);
  const n = Math.min(target.length, bufsiz);
  return p.access.write(buf, target.subarray(0, n)) ? n : -EFAULT;
}

export function sysGetcwd(p: LinuxProcess, buf: bigint, len: number): number {
  const cwd = new TextEncoder().encode(`${process.cwd()}\0`);
  if (len < cwd.length) return -ERANGE;
  return p.access.write(buf, cwd) ? cwd.length : -EFAULT;
}

export function sysFaccessat(p: LinuxProcess, pathAddr: bigint): number {
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  const s = statPath(p, path);
  return typeof s === 'number' ? s : 0;
}

export const fsSyscalls: SyscallDefs = [
  { nr: 296, name: 'readlinkat', args: 'Fspu', handler: (p, a) => sysReadlinkat(p, a[1]!, a[2]!, Math.min(size(a[3]), 0x7fffffff)) },
  { nr: 85, name: 'readlink', args: 'spu', handler: (p, a) => sysReadlinkat(p, a[0]!, a[1]!, Math.min(size(a[2]), 0x7fffffff)) },
  { nr: 291, name: 'newfstatat', args: 'Fspx', handler: (p, a) => sysNewfstatat(p, int(a[0]), a[1]!, a[2]!, int(a[3])) },
  { nr: 108, name: 'fstat', args: 'dp', handler: (p, a) => sysFstat(p, int(a[0]), a[1]!) },
  { nr: 106, name: 'stat', args: 'sp', handler: (p, a) => sysNewfstatat(p, AT_FDCWD, a[0]!, a[1]!, 0) },
  { nr: 107, name: 'lstat', args: 'sp', handler: (p, a) => sysNewfstatat(p, AT_FDCWD, a[0]!, a[1]!, AT_SYMLINK_NOFOLLOW) },
  { nr: 182, name: 'getcwd', args: 'pu', handler: (p, a) => sysGetcwd(p, a[0]!, size(a[1])) },
  { nr: 33, name: 'access', args: 'so', handler: (p, a) => sysFaccessat(p, a[0]!) },
  { nr: 298, name: 'faccessat', args: 'Fso', handler: (p, a) => sysFaccessat(p, a[1]!) },
  { nr: 439, name: 'faccessat2', args: 'Fsox', handler: (p, a) => sysFaccessat(p, a[1]!) },
];
