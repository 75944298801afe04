import * as nodePath from 'node:path';
import type { LinuxProcess } from '../process.js';
import { prefixed } from '../host-files.js';
import { EBADF, ENOENT, ENOTDIR } from './errno.js';
import { AT_FDCWD } from './types.js';

/**
 * The host path a guest path names, relative to `dirfd` (AT_FDCWD: the host's
 * working directory) for relative paths, and through the sysroot prefix for
 * absolute ones (host-files.ts prefixed()); a negative errno when `dirfd` is
 * not an open directory or the path is empty.
 */
export function hostPathAt(p: LinuxProcess, dirfd: number, path: string): string | number {
  if (path === '') return -ENOENT;
  if (path.startsWith('/')) return prefixed(p.sysroot, path);
  if (dirfd === AT_FDCWD) return path;
  const f = p.fds.get(dirfd);
  if (!f) return -EBADF;
  if (f.kind !== 'file' || !f.file.isDirectory) return -ENOTDIR;
  return nodePath.join(f.file.hostPath, path);
}

/** /proc/self/exe and its aliases: the link to the program. */
export const isExeLink = (p: LinuxProcess, path: string): boolean =>
  path === '/proc/self/exe' || path === `/proc/${p.pid}/exe` || path === '/proc/thread-self/exe';
