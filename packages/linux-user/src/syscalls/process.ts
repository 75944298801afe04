import * as os from 'node:os';
import type { LinuxProcess } from '../process.js';
import { SIG } from '../signals.js';
import { StructWriter } from '../guest-access.js';
import { EFAULT, EINVAL, ENOSYS, EPERM, ESRCH } from './errno.js';
import { int, size, type SyscallDefs } from './types.js';

export const RLIM_INFINITY = (1n << 64n) - 1n;
export const RLIMIT = {
  CPU: 0, FSIZE: 1, DATA: 2, STACK: 3, CORE: 4, RSS: 5, NPROC: 6, NOFILE: 7, MEMLOCK: 8, AS: 9,
  LOCKS: 10, SIGPENDING: 11, MSGQUEUE: 12, NICE: 13, RTPRIO: 14, RTTIME: 15,
} as const;
const RLIM_NLIMITS = 16;

/** Per-process resource limits (soft, hard), with Linux's usual defaults. */
const limits = new WeakMap<LinuxProcess, Array<[bigint, bigint]>>();
export function rlimits(p: LinuxProcess): Array<[bigint, bigint]> {
  let l = limits.get(p);
  if (!l) {
    l = Array.from({ length: RLIM_NLIMITS }, (): [bigint, bigint] => [RLIM_INFINITY, RLIM_INFINITY]);
    l[RLIMIT.STACK] = [BigInt(p.space.layout.stackSize), RLIM_INFINITY];
    l[RLIMIT.CORE] = [0n, RLIM_INFINITY];
    l[RLIMIT.NOFILE] = [1024n, 1024n];
    l[RLIMIT.MEMLOCK] = [8n << 20n, 8n << 20n];
    l[RLIMIT.SIGPENDING] = [63000n, 63000n];
    l[RLIMIT.MSGQUEUE] = [819200n, 819200n];
    l[RLIMIT.NICE] = [0n, 0n];
    l[RLIMIT.RTPRIO] = [0n, 0n];
    limits.set(p, l);
  }
  return l;
}

/** prlimit64 / getrlimit / setrlimit: struct rlimit is two u64 (rlim_cur, rlim_max). */
export function sysPrlimit(p: LinuxProcess, pid: number, resource: number, newAddr: bigint, oldAddr: bigint): number {
  if (pid !== 0 && pid !== p.pid) return -ESRCH;
  if (resource < 0 || resource >= RLIM_NLIMITS) return -EINVAL;
  const l = rlimits(p);
  let next: [bigint, bigint] | undefined;
  if (newAddr !== 0n) {
    const cur = p.access.readU64(newAddr), max = p.access.readU64(newAddr + 8n);
    if (cur === null || max === null) return -EFAULT;
    if (cur > max) return -EINVAL;
    if (max > l[resource]![1]) return -EPERM;
    next = [cur, max];
  }
  if (oldAddr !== 0n) {
    const w = new StructWriter(16, p.access.littleEndian).u64(0, l[resource]![0]).u64(8, l[resource]![1]);
    if (!p.access.write(oldAddr, w.bytes)) return -EFAULT;
  }
  if (next) l[resource] = next;
  return 0;
}

/** struct new_utsname: six 65-byte fields. */
const PR_SET_NAME = 15, PR_GET_NAME = 16;
const TASK_COMM_LEN = 16;
/** The task name (comm): the program file's base name, as exec sets it; PR_SET_NAME changes it. */
const comms = new WeakMap<LinuxProcess, Uint8Array>();
function comm(p: LinuxProcess): Uint8Array {
  let c = comms.get(p);
  if (!c) {
    c = new Uint8Array(TASK_COMM_LEN);
    c.set(new TextEncoder().encode(p.exePath.slice(p.exePath.lastIndexOf('/') + 1)).subarray(0, TASK_COMM_LEN - 1));
    comms.set(p, c);
  }
  return c;
}

/**
 * prctl: the task name (PR_SET_NAME/PR_GET_NAME, 16 bytes with the NUL). The
 * other options concern what this runner does not model (dumpability,
 * seccomp, capabilities...): EINVAL, as a kernel without them answers.
 */
export function sysPrctl(p: LinuxProcess, option: number, arg2: bigint): number {
  switch (option) {
    case PR_GET_NAME:
      return p.access.write(arg2, comm(p)) ? 0 : -EFAULT;
    case PR_SET_NAME: {
      const c = new Uint8Array(TASK_COMM_LEN);
      for (let i = 0; i < TASK_COMM_LEN - 1; i++) {
        const b = p.access.read(arg2 + BigInt(i), 1);
        if (b === null) return -EFAULT;
        if (b[0] === 0) break;
        c[i] = b[0]!;
      }
      comms.set(p, c);
      return 0;
    }
    default:
      return -EINVAL;
  }
}

export function sysUname(p: LinuxProcess, addr: bigint): number {
  const w = new StructWriter(6 * 65, p.access.littleEndian)
    .str(0, 'Linux', 65)
    .str(65, os.hostname(), 65)
    .str(130, os.release(), 65)
    .str(195, os.version(), 65)
    .str(260, p.elf.littleEndian ? 'ppc64le' : 'ppc64', 65)
    .str(325, '(none)', 65);
  return p.access.write(addr, w.bytes) ? 0 : -EFAULT;
}

/** Default action of a signal: true when it terminates the process. */
const ignoredByDefault = new Set<number>([SIG.CHLD, SIG.URG, SIG.WINCH, SIG.CONT]);

/** kill/tkill/tgkill aimed at this process: no handlers run (no signal delivery), the default action applies. */
export function sendSignal(p: LinuxProcess, sig: number): number {
  if (sig < 0 || sig > 64) return -EINVAL;
  if (sig === 0) return 0;
  const action = p.sigactions.get(sig);
  const handler = action ? new DataView(action.buffer, action.byteOffset).getBigUint64(0, p.access.littleEndian) : 0n;
  if (handler === 1n /* SIG_IGN */ && sig !== SIG.KILL && sig !== SIG.STOP) return 0;
  if (handler === 0n && ignoredByDefault.has(sig)) return 0;
  if (handler > 1n) {
    p.kill(sig, `signal ${sig} raised with a handler installed; signal delivery is not supported`);
  } else {
    p.kill(sig, `killed by signal ${sig} (${signalName(sig)})`);
  }
  return 0;
}

export function signalName(sig: number): string {
  const e = Object.entries(SIG).find(([, v]) => v === sig);
  return e ? `SIG${e[0]}` : `signal ${sig}`;
}

const isSelf = (p: LinuxProcess, pid: number): boolean => pid === p.pid || pid === 0 || pid === -1;

export const processSyscalls: SyscallDefs = [
  { nr: 1, name: 'exit', args: 'd', handler: (p, a) => { p.exit(int(a[0])); return 0; } },
  { nr: 234, name: 'exit_group', args: 'd', handler: (p, a) => { p.exit(int(a[0])); return 0; } },
  { nr: 20, name: 'getpid', args: '', handler: (p) => p.pid },
  { nr: 207, name: 'gettid', args: '', handler: (p) => p.pid },
  { nr: 64, name: 'getppid', args: '', handler: () => process.ppid },
  { nr: 24, name: 'getuid', args: '', handler: () => process.getuid?.() ?? 0 },
  { nr: 49, name: 'geteuid', args: '', handler: () => process.geteuid?.() ?? 0 },
  { nr: 47, name: 'getgid', args: '', handler: () => process.getgid?.() ?? 0 },
  { nr: 50, name: 'getegid', args: '', handler: () => process.getegid?.() ?? 0 },
  { nr: 65, name: 'getpgrp', args: '', handler: (p) => p.pid },
  { nr: 132, name: 'getpgid', args: 'd', handler: (p) => p.pid },
  { nr: 147, name: 'getsid', args: 'd', handler: (p) => p.pid },
  { nr: 60, name: 'umask', args: 'o', handler: () => 0o022 },
  { nr: 122, name: 'uname', args: 'p', handler: (p, a) => sysUname(p, a[0]!) },
  { nr: 171, name: 'prctl', args: 'dxxxx', handler: (p, a) => sysPrctl(p, int(a[0]), a[1]!) },
  { nr: 232, name: 'set_tid_address', args: 'p', handler: (p, a) => { p.tidAddress = a[0]!; return p.pid; } },
  { nr: 300, name: 'set_robust_list', args: 'pu', handler: (p, a) => {
    if (a[1] !== 24n) return -EINVAL; // sizeof(struct robust_list_head) on 64-bit
    p.robustList = a[0]!;
    return 0;
  } },
  // rseq: glibc registers it when available and carries on without it
  { nr: 387, name: 'rseq', args: 'puxx', handler: () => -ENOSYS },
  { nr: 325, name: 'prlimit64', args: 'ddpp', handler: (p, a) => sysPrlimit(p, int(a[0]), int(a[1]), a[2]!, a[3]!) },
  { nr: 76, name: 'getrlimit', args: 'dp', handler: (p, a) => sysPrlimit(p, 0, int(a[0]), 0n, a[1]!) },
  { nr: 190, name: 'ugetrlimit', args: 'dp', handler: (p, a) => sysPrlimit(p, 0, int(a[0]), 0n, a[1]!) },
  { nr: 75, name: 'setrlimit', args: 'dp', handler: (p, a) => sysPrlimit(p, 0, int(a[0]), a[1]!, 0n) },
  { nr: 136, name: 'personality', args: 'x', handler: () => 0 /* PER_LINUX */ },
  { nr: 158, name: 'sched_yield', args: '', handler: () => 0 },
  { nr: 223, name: 'sched_getaffinity', args: 'dup', handler: (p, a) => {
    if (!isSelf(p, int(a[0]))) return -ESRCH;
    const len = size(a[1]);
    if (len < 8 || len % 8 !== 0) return -EINVAL;
    // one CPU: bit 0 of the first unsigned long
    return p.access.write(a[2]!, new StructWriter(8, p.access.littleEndian).u64(0, 1n).bytes) ? 8 : -EFAULT;
  } },
  { nr: 222, name: 'sched_setaffinity', args: 'dup', handler: (p, a) => (isSelf(p, int(a[0])) ? 0 : -ESRCH) },
  { nr: 302, name: 'getcpu', args: 'ppp', handler: (p, a) => {
    if (a[0] !== 0n && !p.access.writeU32(a[0]!, 0)) return -EFAULT;
    if (a[1] !== 0n && !p.access.writeU32(a[1]!, 0)) return -EFAULT;
    return 0;
  } },
  { nr: 37, name: 'kill', args: 'dd', handler: (p, a) => (isSelf(p, int(a[0])) ? sendSignal(p, int(a[1])) : -ESRCH) },
  { nr: 208, name: 'tkill', args: 'dd', handler: (p, a) => (int(a[0]) === p.pid ? sendSignal(p, int(a[1])) : -ESRCH) },
  { nr: 250, name: 'tgkill', args: 'ddd', handler: (p, a) => (int(a[0]) === p.pid && int(a[1]) === p.pid ? sendSignal(p, int(a[2])) : -ESRCH) },
];
