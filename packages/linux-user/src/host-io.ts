import * as fs from 'node:fs';
import * as tty from 'node:tty';
import { EAGAIN, EBADF, EIO, EPIPE } from './syscalls/errno.js';

/** What fstat reports about a host stream (times in nanoseconds since the epoch). */
export interface HostStat {
  dev: bigint; ino: bigint; mode: number; nlink: bigint; uid: number; gid: number; rdev: bigint;
  size: bigint; blksize: bigint; blocks: bigint; atimeNs: bigint; mtimeNs: bigint; ctimeNs: bigint;
}

/**
 * The three host streams a guest process talks to (stdin, stdout, stderr). The CLI
 * passes them through to the real file descriptors; tests capture them in buffers.
 * Results are byte counts, or a negative errno.
 */
export interface HostIo {
  write(stream: number, data: Uint8Array): number;
  read(stream: number, buf: Uint8Array): number;
  isatty(stream: number): boolean;
  stat(stream: number): HostStat | null;
  /** Terminal size of a tty stream. */
  winsize(stream: number): { rows: number; cols: number } | null;
}

const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const sleepMs = (ms: number): void => { Atomics.wait(sleepCell, 0, 0, ms); };

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** The process's real stdin/stdout/stderr, synchronously (the guest blocks like a real process). */
export class NodeHostIo implements HostIo {
  write(stream: number, data: Uint8Array): number {
    let done = 0;
    while (done < data.length) {
      try {
        done += fs.writeSync(stream, data, done, data.length - done);
      } catch (e) {
        const code = errnoOf(e);
        if (code === 'EAGAIN') { sleepMs(1); continue; }
        if (done > 0) return done;
        return code === 'EPIPE' ? -EPIPE : code === 'EBADF' ? -EBADF : -EIO;
      }
    }
    return done;
  }

  read(stream: number, buf: Uint8Array): number {
    if (buf.length === 0) return 0;
    for (;;) {
      try {
        return fs.readSync(stream, buf, 0, buf.length, null);
      } catch (e) {
        const code = errnoOf(e);
        if (code === 'EAGAIN') { sleepMs(1); continue; }
        if (code === 'EOF') return 0;
        return code === 'EBADF' ? -EBADF : code === 'EAGAIN' ? -EAGAIN : -EIO;
      }
    }
  }

  isatty(stream: number): boolean { return tty.isatty(stream); }

  stat(stream: number): HostStat | null {
    try {
      const s = fs.fstatSync(stream, { bigint: true });
      return {
        dev: s.dev, ino: s.ino, mode: Number(s.mode), nlink: s.nlink, uid: Number(s.uid), gid: Number(s.gid),
        rdev: s.rdev, size: s.size, blksize: s.blksize, blocks: s.blocks,
        atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
      };
    } catch {
      return null;
    }
  }

  winsize(stream: number): { rows: number; cols: number } | null {
    const s = stream === 1 ? process.stdout : stream === 2 ? process.stderr : undefined;
    if (s && 'columns' in s && s.isTTY) return { rows: s.rows, cols: s.columns };
    return null;
  }
}

/** In-memory streams: stdin from a buffer, stdout and stderr collected (tests, embedding). */
export class BufferHostIo implements HostIo {
  private stdinPos = 0;
  private readonly chunks: Uint8Array[][] = [[], [], []];
  private readonly nowNs = BigInt(Date.now()) * 1000000n;

  constructor(private readonly stdin: Uint8Array = new Uint8Array(0)) {}

  write(stream: number, data: Uint8Array): number {
    if (stream !== 1 && stream !== 2) return -EBADF;
    this.chunks[stream]!.push(data.slice());
    return data.length;
  }

  read(stream: number, buf: Uint8Array): number {
    if (stream !== 0) return -EBADF;
    const n = Math.min(buf.length, this.stdin.length - this.stdinPos);
    buf.set(this.stdin.subarray(this.stdinPos, this.stdinPos + n));
    this.stdinPos += n;
    return n;
  }

  isatty(): boolean { return false; }

  stat(stream: number): HostStat | null {
    const t = this.nowNs;
    return {
      dev: 12n, ino: BigInt(1000 + stream), mode: S_IFIFO | 0o600, nlink: 1n, uid: 0, gid: 0, rdev: 0n,
      size: 0n, blksize: 4096n, blocks: 0n, atimeNs: t, mtimeNs: t, ctimeNs: t,
    };
  }

  winsize(): null { return null; }

  output(stream: 1 | 2): Uint8Array {
    const parts = this.chunks[stream]!;
    const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of parts) { out.set(c, at); at += c.length; }
    return out;
  }

  get stdout(): string { return new TextDecoder().decode(this.output(1)); }
  get stderr(): string { return new TextDecoder().decode(this.output(2)); }
}

export { S_IFIFO, S_IFCHR };
