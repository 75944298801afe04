/**
 * The guest's file descriptors. Only the three host streams exist (and /dev/null):
 * a guest fd refers to host stream 0, 1 or 2, so dup2(1, 5) or openat("/dev/stdout")
 * work, while files on the host are never opened.
 */
export type OpenFile =
  | { kind: 'stream'; stream: 0 | 1 | 2; flags: number }
  | { kind: 'null'; flags: number };

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
    this.files[fd] = file;
    this.cloexec[fd] = cloexec;
  }

  close(fd: number): boolean {
    if (!this.get(fd)) return false;
    this.files[fd] = undefined;
    return true;
  }

  getCloexec(fd: number): boolean { return this.cloexec[fd] ?? false; }
  setCloexec(fd: number, v: boolean): void { this.cloexec[fd] = v; }
}
