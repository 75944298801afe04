import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { constants as osConstants } from 'node:os';
import type { HostStat } from './host-io.js';
import { EIO } from './syscalls/errno.js';

/**
 * Host files seen by the guest: an open file description (what a guest fd refers
 * to, shared by dup'ed fds), the translation of the guest's open flags to the
 * host's, and host errors as guest errno values. Linux on powerpc and on the
 * usual hosts share errno numbers (asm-generic), so a host error code maps
 * through node's table of the host's own values.
 */

/** The guest errno (negative) for a host exception. */
export function hostErrno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const n = code !== undefined ? (osConstants.errno as Record<string, number>)[code] : undefined;
  return -(n ?? EIO);
}

/** Open flags as powerpc Linux numbers them (arch/powerpc/include/uapi/asm/fcntl.h over asm-generic/fcntl.h). */
export const O = {
  ACCMODE: 0o3, CREAT: 0o100, EXCL: 0o200, NOCTTY: 0o400, TRUNC: 0o1000, APPEND: 0o2000, NONBLOCK: 0o4000,
  DSYNC: 0o10000, DIRECTORY: 0o40000, NOFOLLOW: 0o100000, LARGEFILE: 0o200000, DIRECT: 0o400000,
  NOATIME: 0o1000000, CLOEXEC: 0o2000000, SYNC: 0o4010000, PATH: 0o10000000,
} as const;

/**
 * The host open(2) flags for guest flags. O_NONBLOCK is dropped (the guest blocks
 * like a real process on a regular file anyway), O_CLOEXEC is the fd table's
 * business, O_LARGEFILE is implied on 64-bit hosts.
 */
export function hostOpenFlags(flags: number): number {
  const c = fs.constants;
  let h = flags & O.ACCMODE;
  const pairs: Array<[number, number | undefined]> = [
    [O.CREAT, c.O_CREAT], [O.EXCL, c.O_EXCL], [O.NOCTTY, c.O_NOCTTY], [O.TRUNC, c.O_TRUNC], [O.APPEND, c.O_APPEND],
    [O.DIRECTORY, c.O_DIRECTORY], [O.NOFOLLOW, c.O_NOFOLLOW], [O.DSYNC, c.O_DSYNC], [O.NOATIME, c.O_NOATIME],
  ];
  for (const [g, host] of pairs) if ((flags & g) === g && host !== undefined) h |= host;
  if ((flags & O.SYNC) === O.SYNC && c.O_SYNC !== undefined) h |= c.O_SYNC;
  return h;
}

/** One entry of a directory listing, as getdents64 returns it. */
export interface DirEntry { ino: bigint; type: number; name: Uint8Array }

/** d_type values (include/linux/fs_types.h). */
const DT = { FIFO: 1, CHR: 2, DIR: 4, BLK: 6, REG: 8, LNK: 10, SOCK: 12, UNKNOWN: 0 } as const;

/**
 * An open host file or directory (the kernel's struct file): the host fd, the
 * position (kept here because node has no lseek: every transfer is positional),
 * the flags given to open, and for a directory its listing, read once at the
 * first getdents64. `refs` counts the guest fds that share it.
 */
export class HostFile {
  pos = 0;
  refs = 1;
  private listing: DirEntry[] | undefined;

  constructor(readonly fd: number, readonly hostPath: string, public flags: number, readonly isDirectory: boolean) {}

  /** Opens a host path; a negative errno on failure. */
  static open(hostPath: string, flags: number, mode: number): HostFile | number {
    try {
      const fd = fs.openSync(hostPath, hostOpenFlags(flags), mode);
      let isDir = false;
      try { isDir = fs.fstatSync(fd).isDirectory(); } catch { /* a file we cannot stat is not a directory */ }
      return new HostFile(fd, hostPath, flags, isDir);
    } catch (e) {
      return hostErrno(e);
    }
  }

  /** Drops one reference; the host fd is closed with the last one. */
  release(): void {
    if (--this.refs > 0) return;
    try { fs.closeSync(this.fd); } catch { /* already gone */ }
  }

  /** Reads at `position` (or at the file position, which then advances). */
  read(buf: Uint8Array, position?: number): number {
    try {
      const n = fs.readSync(this.fd, buf, 0, buf.length, position ?? this.pos);
      if (position === undefined) this.pos += n;
      return n;
    } catch (e) {
      return hostErrno(e);
    }
  }

  /** Writes at `position` (or at the file position, or the end with O_APPEND). */
  write(data: Uint8Array, position?: number): number {
    try {
      if (position === undefined && (this.flags & O.APPEND)) this.pos = Number(fs.fstatSync(this.fd).size);
      const n = fs.writeSync(this.fd, data, 0, data.length, position ?? this.pos);
      if (position === undefined) this.pos += n;
      return n;
    } catch (e) {
      return hostErrno(e);
    }
  }

  stat(): HostStat | number {
    try {
      return toHostStat(fs.fstatSync(this.fd, { bigint: true }));
    } catch (e) {
      return hostErrno(e);
    }
  }

  /** The directory's entries, "." and ".." first, each with its inode number and d_type. */
  entries(): DirEntry[] | number {
    if (this.listing) return this.listing;
    try {
      const enc = new TextEncoder();
      const list: DirEntry[] = [];
      const self = fs.statSync(this.hostPath, { bigint: true });
      const parent = fs.statSync(nodePath.join(this.hostPath, '..'), { bigint: true });
      list.push({ ino: self.ino, type: DT.DIR, name: enc.encode('.') }, { ino: parent.ino, type: DT.DIR, name: enc.encode('..') });
      for (const d of fs.readdirSync(this.hostPath, { withFileTypes: true, encoding: 'buffer' })) {
        let ino = 0n;
        try { ino = fs.lstatSync(Buffer.concat([Buffer.from(`${this.hostPath}/`), d.name]), { bigint: true }).ino; } catch { /* vanished */ }
        const type = d.isFile() ? DT.REG : d.isDirectory() ? DT.DIR : d.isSymbolicLink() ? DT.LNK : d.isFIFO() ? DT.FIFO
          : d.isCharacterDevice() ? DT.CHR : d.isBlockDevice() ? DT.BLK : d.isSocket() ? DT.SOCK : DT.UNKNOWN;
        list.push({ ino, type, name: new Uint8Array(d.name) });
      }
      this.listing = list;
      return list;
    } catch (e) {
      return hostErrno(e);
    }
  }

  /** Forgets the listing (lseek to 0 on a directory re-reads it, like rewinddir). */
  rewind(): void { this.listing = undefined; this.pos = 0; }
}

export function toHostStat(s: fs.BigIntStats): HostStat {
  return {
    dev: s.dev, ino: s.ino, mode: Number(s.mode), nlink: s.nlink, uid: Number(s.uid), gid: Number(s.gid), rdev: s.rdev,
    size: s.size, blksize: s.blksize, blocks: s.blocks, atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
  };
}

/** stat or lstat of a host path; a negative errno on failure. */
export function statHostPath(hostPath: string, follow: boolean): HostStat | number {
  try {
    return toHostStat(follow ? fs.statSync(hostPath, { bigint: true }) : fs.lstatSync(hostPath, { bigint: true }));
  } catch (e) {
    return hostErrno(e);
  }
}

/**
 * Where an absolute guest path lives on the host with a sysroot prefix (-L,
 * QEMU_LD_PREFIX): under the prefix when it exists there, else the host's own
 * path — what qemu-user's path() does, so that the dynamic linker finds the
 * guest's libraries and the program still sees the host's /etc and /tmp.
 */
export function prefixed(prefix: string | undefined, guestPath: string): string {
  if (!prefix || !guestPath.startsWith('/')) return guestPath;
  const full = prefix + guestPath;
  try {
    fs.accessSync(full, fs.constants.F_OK);
    return full;
  } catch {
    return guestPath;
  }
}
