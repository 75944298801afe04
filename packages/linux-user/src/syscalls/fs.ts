import * as fs from 'node:fs';
import type { LinuxProcess } from '../process.js';
import { StructWriter } from '../guest-access.js';
import type { HostStat } from '../host-io.js';
import { S_IFCHR } from '../host-io.js';
import { hostErrno, statHostPath } from '../host-files.js';
import { EBADF, EFAULT, EINVAL, ENOENT, ERANGE } from './errno.js';
import { hostPathAt, isExeLink } from './paths.js';
import { AT_FDCWD, int, size, type SyscallDefs } from './types.js';

const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EMPTY_PATH = 0x1000;

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

/** What fstat of a guest fd reports: the host stream's or file's stat, or /dev/null's. */
function statFd(p: LinuxProcess, fd: number): HostStat | number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (f.kind === 'null') return devNullStat();
  if (f.kind === 'file') return f.file.stat();
  const s = p.io.stat(f.stream);
  return s ?? -EBADF;
}

function devNullStat(): HostStat {
  const t = BigInt(Date.now()) * 1000000n;
  return { dev: 5n, ino: 4n, mode: S_IFCHR | 0o666, nlink: 1n, uid: 0, gid: 0, rdev: 0x103n, size: 0n, blksize: 4096n, blocks: 0n, atimeNs: t, mtimeNs: t, ctimeNs: t };
}

/**
 * stat of a guest path: the standard streams and /dev/null as the fds see them,
 * /proc/self/exe as the program, anything else on the host (through the sysroot).
 */
function statPath(p: LinuxProcess, dirfd: number, path: string, follow: boolean): HostStat | number {
  const streams: Record<string, number> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 };
  if (path in streams) return statFd(p, streams[path]!);
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/.exec(path);
  if (m) return statFd(p, Number(m[1]));
  if (path === '/dev/null') return devNullStat();
  if (isExeLink(p, path)) return statHostPath(p.exePath, follow);
  const host = hostPathAt(p, dirfd, path);
  return typeof host === 'number' ? host : statHostPath(host, follow);
}

export function sysNewfstatat(p: LinuxProcess, dirfd: number, pathAddr: bigint, buf: bigint, flags: number): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */)) return -EINVAL;
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  let s: HostStat | number;
  if (path === '') {
    if (!(flags & AT_EMPTY_PATH)) return -ENOENT;
    s = dirfd === AT_FDCWD ? statPath(p, dirfd, '.', true) : statFd(p, dirfd);
  } else {
    s = statPath(p, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
  }
  if (typeof s === 'number') return s;
  return p.access.write(buf, encodeStat(s, p.access.littleEndian)) ? 0 : -EFAULT;
}

export function sysFstat(p: LinuxProcess, fd: number, buf: bigint): number {
  const s = statFd(p, fd);
  if (typeof s === 'number') return s;
  return p.access.write(buf, encodeStat(s, p.access.littleEndian)) ? 0 : -EFAULT;
}

/** readlink(at): /proc/self/exe names the program, other links are read on the host; the result is not NUL-terminated. */
export function sysReadlinkat(p: LinuxProcess, dirfd: number, pathAddr: bigint, buf: bigint, bufsiz: number): number {
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  if (bufsiz <= 0 || !Number.isFinite(bufsiz)) return -EINVAL;
  let target: Uint8Array;
  if (isExeLink(p, path)) {
    target = new TextEncoder().encode(p.exePath);
  } else {
    const host = hostPathAt(p, dirfd, path);
    if (typeof host === 'number') return host;
    try {
      target = fs.readlinkSync(host, { encoding: 'buffer' });
    } catch (e) {
      return hostErrno(e);
    }
  }
  const n = Math.min(target.length, bufsiz);
  return p.access.write(buf, target.subarray(0, n)) ? n : -EFAULT;
}

export function sysGetcwd(p: LinuxProcess, buf: bigint, len: number): number {
  const cwd = new TextEncoder().encode(`${process.cwd()}\0`);
  if (len < cwd.length) return -ERANGE;
  return p.access.write(buf, cwd) ? cwd.length : -EFAULT;
}

const R_OK = 4, W_OK = 2, X_OK = 1;

/** faccessat: the host's answer for the host file (the process runs with hvstep's credentials). */
export function sysFaccessat(p: LinuxProcess, dirfd: number, pathAddr: bigint, mode: number): number {
  if (mode & ~(R_OK | W_OK | X_OK)) return -EINVAL;
  const path = p.access.readCString(pathAddr);
  if (path === null) return -EFAULT;
  const s = statPath(p, dirfd, path, true);
  if (typeof s === 'number') return s;
  if (mode === 0) return 0;
  const host = isExeLink(p, path) ? p.exePath : hostPathAt(p, dirfd, path);
  if (typeof host === 'number') return host;
  try {
    fs.accessSync(host, mode);
    return 0;
  } catch (e) {
    return hostErrno(e);
  }
}

export const fsSyscalls: SyscallDefs = [
  { nr: 296, name: 'readlinkat', args: 'Fspu', handler: (p, a) => sysReadlinkat(p, int(a[0]), a[1]!, a[2]!, Math.min(size(a[3]), 0x7fffffff)) },
  { nr: 85, name: 'readlink', args: 'spu', handler: (p, a) => sysReadlinkat(p, AT_FDCWD, a[0]!, a[1]!, Math.min(size(a[2]), 0x7fffffff)) },
  { nr: 291, name: 'newfstatat', args: 'Fspx', handler: (p, a) => sysNewfstatat(p, int(a[0]), a[1]!, a[2]!, int(a[3])) },
  { nr: 108, name: 'fstat', args: 'dp', handler: (p, a) => sysFstat(p, int(a[0]), a[1]!) },
  { nr: 106, name: 'stat', args: 'sp', handler: (p, a) => sysNewfstatat(p, AT_FDCWD, a[0]!, a[1]!, 0) },
  { nr: 107, name: 'lstat', args: 'sp', handler: (p, a) => sysNewfstatat(p, AT_FDCWD, a[0]!, a[1]!, AT_SYMLINK_NOFOLLOW) },
  { nr: 182, name: 'getcwd', args: 'pu', handler: (p, a) => sysGetcwd(p, a[0]!, size(a[1])) },
  { nr: 33, name: 'access', args: 'so', handler: (p, a) => sysFaccessat(p, AT_FDCWD, a[0]!, int(a[1])) },
  { nr: 298, name: 'faccessat', args: 'Fso', handler: (p, a) => sysFaccessat(p, int(a[0]), a[1]!, int(a[2])) },
  { nr: 439, name: 'faccessat2', args: 'Fsox', handler: (p, a) => sysFaccessat(p, int(a[0]), a[1]!, int(a[2])) },
];
