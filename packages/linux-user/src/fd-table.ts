import type { HostFile } from './host-files.js';

/**
 * The guest's file descriptors: a guest fd refers to host stream 0, 1 or 2 (so
 * dup2(1, 5) or openat("/dev/stdout") work), to /dev/null, or to a host file or
 * directory the guest opened (shared between dup'ed fds, closed with the last).
 */
export type OpenFile =
  | { kind: 'stream'; stream: 0 | 1 | 2; flags: number }
  | { kind: 'null'; flags: number }
  | { kind: 'file'; file: HostFile; flags: number };

/** Another reference to the same open file (dup, fcntl F_DUPFD). */
export function shareFile(f: OpenFile): OpenFile {
  if (f.kind === 'file') f.file.refs++;
  return { ...f };
}

export const MAX_FDS = 1024;

export class FdTable {
  private readonly files: (OpenFile | undefined)[] = [];
  /** FD_CLOEXEC per fd (kept for fcntl F_GETFD; there is no exec). */
  private readonly cloexec: boolean[] = [];

  constructor() {
    this.files[0] = { kind: 'stream', stream: 0, flags: 0 /* O_RDONLY */ };
    this.files[1] = { kind: 'stream', stream: 1, flags: 1 /* O_WRONLY */ };
    this.files[2] = { kind: 'stream', stream: 2, flags: 1 };
  }

  get(fd: number): OpenFile | undefined {
    return fd >= 0 && fd < MAX_FDS ? this.files[fd] : undefined;
  }

  /** Installs `file` at the lowest free fd >= min; -1 when the table is full. */
  add(file: OpenFile, min = 0, cloexec = false): number {
    for (let fd = min; fd < MAX_FDS; fd++) {
      if (!this.files[fd]) { this.files[fd] = file; this.cloexec[fd] = cloexec; return fd; }
    }
    return -1;
  }

  /** Installs `file` at exactly `fd` (dup2), closing what was there. */
  set(fd: number, file: OpenFile, cloexec = false): void {
    this.close(fd);
    this.files[fd] = file;
    this.cloexec[fd] = cloexec;
  }

  close(fd: number): boolean {
    const f = this.get(fd);
    if (!f) return false;
    if (f.kind === 'file') f.file.release();
    this.files[fd] = undefined;
    return true;
  }

  /** Closes every fd (the process ended): host files are released. */
  closeAll(): void {
    for (let fd = 0; fd < this.files.length; fd++) this.close(fd);
  }

  getCloexec(fd: number): boolean { return this.cloexec[fd] ?? false; }
  setCloexec(fd: number, v: boolean): void { this.cloexec[fd] = v; }
}
