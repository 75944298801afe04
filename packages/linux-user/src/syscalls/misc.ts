import { randomFillSync } from 'node:crypto';
import { ACCESS_WRITE } from '@hvstep/emulator-core';
import type { LinuxProcess } from '../process.js';
import { SIG } from '../signals.js';
import { EAGAIN, EFAULT, EINTR, EINVAL, ENOSYS, ETIMEDOUT } from './errno.js';
import { int, size, type SyscallDefs } from './types.js';

const GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
const MAX_GETRANDOM = 0x1ffffff; // the kernel caps one call at 32 MiB - 1

/** getrandom: bytes from the host CSPRNG (never blocks). */
export function sysGetrandom(p: LinuxProcess, buf: bigint, len: number, flags: number): number {
  if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) return -EINVAL;
  if ((flags & GRND_RANDOM) && (flags & GRND_INSECURE)) return -EINVAL;
  const n = Math.min(len, MAX_GETRANDOM);
  if (n === 0) return 0;
  const at = p.access.check(buf, n, ACCESS_WRITE);
  if (at < 0) return -EFAULT;
  randomFillSync(p.access.u8, at, n);
  return n;
}

export const FUTEX = { WAIT: 0, WAKE: 1, REQUEUE: 3, CMP_REQUEUE: 4, WAKE_OP: 5, WAIT_BITSET: 9, WAKE_BITSET: 10 } as const;
const FUTEX_CMD_MASK = 0x7f; // without FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256)

/**
 * futex for a single-threaded process: there is never another waiter, so wakes
 * wake nobody, and a wait either fails at once (value changed, EAGAIN), times out,
 * or could never end; the last case ends the process rather than hanging it.
 */
export function sysFutex(p: LinuxProcess, uaddr: bigint, op: number, val: number, timeout: bigint): number {
  const cmd = op & FUTEX_CMD_MASK;
  switch (cmd) {
    case FUTEX.WAKE: case FUTEX.WAKE_BITSET: case FUTEX.REQUEUE: case FUTEX.CMP_REQUEUE: {
      if ((uaddr & 3n) !== 0n) return -EINVAL;
      if (cmd === FUTEX.CMP_REQUEUE) {
        const cur = p.access.readU32(uaddr);
        if (cur === null) return -EFAULT;
      }
      return 0;
    }
    case FUTEX.WAIT: case FUTEX.WAIT_BITSET: {
      if ((uaddr & 3n) !== 0n) return -EINVAL;
      const cur = p.access.readU32(uaddr);
      if (cur === null) return -EFAULT;
      if (cur !== (val >>> 0)) return -EAGAIN;
      if (timeout !== 0n) return -ETIMEDOUT;
      p.kill(SIG.KILL, 'futex wait that no other thread can end (single-threaded process): deadlock');
      return -EINTR;
    }
    default:
      return -ENOSYS;
  }
}

export const miscSyscalls: SyscallDefs = [
  { nr: 359, name: 'getrandom', args: 'pux', handler: (p, a) => sysGetrandom(p, a[0]!, Math.min(size(a[1]), 0x7fffffff), int(a[2])) },
  { nr: 221, name: 'futex', args: 'pddppd', handler: (p, a) => sysFutex(p, a[0]!, int(a[1]), int(a[2]), a[3]!) },
];
