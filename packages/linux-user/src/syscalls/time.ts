import * as os from 'node:os';
import type { LinuxProcess } from '../process.js';
import { StructWriter } from '../guest-access.js';
import { EFAULT, EINVAL } from './errno.js';
import { int, type SyscallDefs } from './types.js';

export const CLOCK = {
  REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3, MONOTONIC_RAW: 4,
  REALTIME_COARSE: 5, MONOTONIC_COARSE: 6, BOOTTIME: 7, REALTIME_ALARM: 8, BOOTTIME_ALARM: 9, TAI: 11,
} as const;

const NS = 1000000000n;
/** Realtime = this offset + the monotonic clock, so both advance together with ns resolution. */
const realtimeOffset = BigInt(Date.now()) * 1000000n - process.hrtime.bigint();
const bootOffset = BigInt(Math.round(os.uptime() * 1e9)) - process.hrtime.bigint();

/** The value of a clock in nanoseconds, or null for an invalid clock id. */
export function clockNs(clock: number): bigint | null {
  const mono = process.hrtime.bigint();
  switch (clock) {
    case CLOCK.REALTIME: case CLOCK.REALTIME_COARSE: case CLOCK.REALTIME_ALARM: return mono + realtimeOffset;
    case CLOCK.TAI: return mono + realtimeOffset + 37n * NS;
    case CLOCK.MONOTONIC: case CLOCK.MONOTONIC_RAW: case CLOCK.MONOTONIC_COARSE:
    case CLOCK.BOOTTIME: case CLOCK.BOOTTIME_ALARM: return mono + bootOffset;
    case CLOCK.PROCESS_CPUTIME_ID: case CLOCK.THREAD_CPUTIME_ID: {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    }
    default: return null;
  }
}

/** struct timespec / timeval on ppc64: two 64-bit fields. */
const pair = (p: LinuxProcess, a: bigint, b: bigint): Uint8Array =>
  new StructWriter(16, p.access.littleEndian).u64(0, a).u64(8, b).bytes;

export function sysClockGettime(p: LinuxProcess, clock: number, addr: bigint): number {
  const t = clockNs(clock);
  if (t === null) return -EINVAL;
  return p.access.write(addr, pair(p, t / NS, t % NS)) ? 0 : -EFAULT;
}

export function sysClockGetres(p: LinuxProcess, clock: number, addr: bigint): number {
  if (clockNs(clock) === null) return -EINVAL;
  if (addr === 0n) return 0;
  const coarse = clock === CLOCK.REALTIME_COARSE || clock === CLOCK.MONOTONIC_COARSE;
  return p.access.write(addr, pair(p, 0n, coarse ? 4000000n : 1n)) ? 0 : -EFAULT;
}

export function sysGettimeofday(p: LinuxProcess, tv: bigint, tz: bigint): number {
  const t = clockNs(CLOCK.REALTIME)!;
  if (tv !== 0n && !p.access.write(tv, pair(p, t / NS, (t % NS) / 1000n))) return -EFAULT;
  if (tz !== 0n && !p.access.write(tz, new Uint8Array(8))) return -EFAULT;
  return 0;
}

export function sysTime(p: LinuxProcess, tloc: bigint): number {
  const s = clockNs(CLOCK.REALTIME)! / NS;
  if (tloc !== 0n && !p.access.writeU64(tloc, s)) return -EFAULT;
  return Number(s);
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepNs(ns: bigint): void {
  let left = ns;
  while (left > 0n) {
    const ms = Number(left / 1000000n) || 1;
    const chunk = Math.min(ms, 0x7fffffff);
    const t0 = process.hrtime.bigint();
    Atomics.wait(sleepCell, 0, 0, chunk);
    left -= process.hrtime.bigint() - t0;
  }
}

/** Reads a timespec and validates it; a negative errno on failure. */
function readTimespec(p: LinuxProcess, addr: bigint): bigint | number {
  const sec = p.access.readU64(addr), nsec = p.access.readU64(addr + 8n);
  if (sec === null || nsec === null) return -EFAULT;
  const s = BigInt.asIntN(64, sec), n = BigInt.asIntN(64, nsec);
  if (s < 0n || n < 0n || n >= NS) return -EINVAL;
  return s * NS + n;
}

export function sysClockNanosleep(p: LinuxProcess, clock: number, flags: number, req: bigint, rem: bigint): number {
  const now = clockNs(clock);
  if (now === null || clock === CLOCK.THREAD_CPUTIME_ID) return -EINVAL;
  const t = readTimespec(p, req);
  if (typeof t === 'number') return t;
  const delta = flags & 1 /* TIMER_ABSTIME */ ? t - now : t;
  if (delta > 0n) sleepNs(delta);
  if (rem !== 0n && !(flags & 1)) p.access.write(rem, pair(p, 0n, 0n));
  return 0;
}

export function sysTimes(p: LinuxProcess, addr: bigint): number {
  const u = process.cpuUsage();
  const ticks = (us: number): bigint => BigInt(Math.floor(us / 10000));
  if (addr !== 0n) {
    const w = new StructWriter(32, p.access.littleEndian).u64(0, ticks(u.user)).u64(8, ticks(u.system));
    if (!p.access.write(addr, w.bytes)) return -EFAULT;
  }
  return Math.floor(os.uptime() * 100);
}

export const timeSyscalls: SyscallDefs = [
  { nr: 246, name: 'clock_gettime', args: 'dp', handler: (p, a) => sysClockGettime(p, int(a[0]), a[1]!) },
  { nr: 247, name: 'clock_getres', args: 'dp', handler: (p, a) => sysClockGetres(p, int(a[0]), a[1]!) },
  { nr: 78, name: 'gettimeofday', args: 'pp', handler: (p, a) => sysGettimeofday(p, a[0]!, a[1]!) },
  { nr: 13, name: 'time', args: 'p', handler: (p, a) => sysTime(p, a[0]!) },
  { nr: 162, name: 'nanosleep', args: 'pp', handler: (p, a) => sysClockNanosleep(p, CLOCK.MONOTONIC, 0, a[0]!, a[1]!) },
  { nr: 248, name: 'clock_nanosleep', args: 'dxpp', handler: (p, a) => sysClockNanosleep(p, int(a[0]), int(a[1]), a[2]!, a[3]!) },
  { nr: 43, name: 'times', args: 'p', handler: (p, a) => sysTimes(p, a[0]!) },
];
