import type { LinuxProcess } from '../process.js';
import { SIG } from '../signals.js';
import { StructWriter } from '../guest-access.js';
import { EFAULT, EINTR, EINVAL, ENOSYS } from './errno.js';
import { int, size, type SyscallDefs } from './types.js';

/** struct sigaction as the ppc64 kernel takes it: handler, flags, restorer, mask (4 x u64). */
export const SIGACTION_SIZE = 32;
const SIGSET_SIZE = 8;
const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
const SS_DISABLE = 2;
/** SIGKILL and SIGSTOP can be neither caught nor blocked. */
const UNBLOCKABLE = (1n << BigInt(SIG.KILL - 1)) | (1n << BigInt(SIG.STOP - 1));

/** rt_sigaction: the actions are recorded (and reported back) but never delivered. */
export function sysRtSigaction(p: LinuxProcess, sig: number, act: bigint, oact: bigint, setsize: number): number {
  if (setsize !== SIGSET_SIZE) return -EINVAL;
  if (sig < 1 || sig > 64) return -EINVAL;
  let next: Uint8Array | null = null;
  if (act !== 0n) {
    if (sig === SIG.KILL || sig === SIG.STOP) return -EINVAL;
    next = p.access.read(act, SIGACTION_SIZE);
    if (!next) return -EFAULT;
  }
  if (oact !== 0n && !p.access.write(oact, p.sigactions.get(sig) ?? new Uint8Array(SIGACTION_SIZE))) return -EFAULT;
  if (next) p.sigactions.set(sig, next);
  return 0;
}

export function sysRtSigprocmask(p: LinuxProcess, how: number, set: bigint, oset: bigint, setsize: number): number {
  if (setsize !== SIGSET_SIZE) return -EINVAL;
  let mask: bigint | null = null;
  if (set !== 0n) {
    mask = p.access.readU64(set);
    if (mask === null) return -EFAULT;
    if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) return -EINVAL;
  }
  if (oset !== 0n && !p.access.writeU64(oset, p.sigmask)) return -EFAULT;
  if (mask !== null) {
    if (how === SIG_BLOCK) p.sigmask |= mask;
    else if (how === SIG_UNBLOCK) p.sigmask &= ~mask;
    else p.sigmask = mask;
    p.sigmask &= ~UNBLOCKABLE;
  }
  return 0;
}

/** The alternate signal stack (stack_t: ss_sp u64, ss_flags int, ss_size u64), recorded only. */
const altStacks = new WeakMap<LinuxProcess, Uint8Array>();
export function sysSigaltstack(p: LinuxProcess, ss: bigint, oss: bigint): number {
  let next: Uint8Array | null = null;
  if (ss !== 0n) {
    next = p.access.read(ss, 24);
    if (!next) return -EFAULT;
  }
  const cur = altStacks.get(p) ?? new StructWriter(24, p.access.littleEndian).i32(8, SS_DISABLE).bytes;
  if (oss !== 0n && !p.access.write(oss, cur)) return -EFAULT;
  if (next) altStacks.set(p, next);
  return 0;
}

export const signalSyscalls: SyscallDefs = [
  { nr: 173, name: 'rt_sigaction', args: 'dppu', handler: (p, a) => sysRtSigaction(p, int(a[0]), a[1]!, a[2]!, size(a[3])) },
  { nr: 174, name: 'rt_sigprocmask', args: 'dppu', handler: (p, a) => sysRtSigprocmask(p, int(a[0]), a[1]!, a[2]!, size(a[3])) },
  { nr: 185, name: 'sigaltstack', args: 'pp', handler: (p, a) => sysSigaltstack(p, a[0]!, a[1]!) },
  { nr: 175, name: 'rt_sigpending', args: 'pu', handler: (p, a) => {
    if (size(a[1]) > SIGSET_SIZE) return -EINVAL;
    return p.access.writeU64(a[0]!, 0n) ? 0 : -EFAULT;
  } },
  // there is no signal frame to return from: signals are never delivered
  { nr: 172, name: 'rt_sigreturn', args: '', handler: () => -ENOSYS },
  { nr: 178, name: 'rt_sigsuspend', args: 'pu', handler: () => -EINTR },
];
