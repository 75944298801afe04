import { W_GPR, W_CR, W_XER, decoder } from '@hvstep/emulator-core';
import type { LinuxProcess } from '../process.js';
import { ENOSYS, errnoMessage, isError } from './errno.js';
import { SYSCALL_NAMES } from './names.js';
import type { SyscallArgs, SyscallDef } from './types.js';
import { AT_FDCWD } from './types.js';
import { ioSyscalls } from './io.js';
import { memorySyscalls } from './memory.js';
import { processSyscalls } from './process.js';
import { signalSyscalls } from './signal.js';
import { timeSyscalls } from './time.js';
import { fsSyscalls } from './fs.js';
import { miscSyscalls } from './misc.js';

/** Every implemented syscall by number. */
export const SYSCALLS: ReadonlyMap<number, SyscallDef> = (() => {
  const m = new Map<number, SyscallDef>();
  for (const d of [...ioSyscalls, ...memorySyscalls, ...processSyscalls, ...signalSyscalls, ...timeSyscalls, ...fsSyscalls, ...miscSyscalls]) {
    if (m.has(d.nr)) throw new Error(`syscall ${d.nr} (${d.name}) defined twice`);
    m.set(d.nr, d);
  }
  return m;
})();

/** CR0[SO] in the CR word: the ppc64 syscall error flag. */
export const CR0_SO = 0x10000000;

/**
 * The ppc64 Linux system call ABI: the number in r0, arguments in r3..r8, the
 * result in r3. After `sc`: on failure r3 holds the positive errno and CR0[SO] is
 * set; on success CR0[SO] is cleared; other registers are left as they were. After
 * `scv 0` (the core has already set LR and CTR as the hardware does): the result or
 * the negated errno in r3, CR untouched, and what the kernel's scv exit leaves
 * (Linux arch/powerpc/kernel/interrupt_64.S, system_call_vectored): r9-r12 zeroed and
 * XER loaded from r0.
 */
export function dispatchSyscall(p: LinuxProcess): void {
  const st = p.cpu.state;
  const nr = Number(st.gpr(0));
  const args: bigint[] = [st.gpr(3), st.gpr(4), st.gpr(5), st.gpr(6), st.gpr(7), st.gpr(8)];
  const def = SYSCALLS.get(nr);
  p.syscallCount++;
  const call = p.strace ? formatCall(p, nr, def, args) : '';
  if (p.strace && def && (def.name === 'exit' || def.name === 'exit_group')) p.strace(`${p.pid} ${call}`);
  const result = def ? def.handler(p, args) : -ENOSYS;
  if (isScv(p.cpu.exitWord)) setVectoredSyscallResult(p, result);
  else setSyscallResult(p, result);
  if (p.strace && !(def && (def.name === 'exit' || def.name === 'exit_group'))) {
    p.strace(`${p.pid} ${call} = ${formatResult(result, def)}`);
  }
}

/** Writes a syscall result to r3 and CR0[SO] the way the kernel's syscall exit does. */
export function setSyscallResult(p: LinuxProcess, result: number): void {
  const r = p.cpu.r;
  if (isError(result)) {
    r[W_GPR + 6] = -result; r[W_GPR + 7] = 0;
    r[W_CR] = r[W_CR]! | CR0_SO;
  } else {
    const v = BigInt.asUintN(64, BigInt(result));
    r[W_GPR + 6] = Number(v & 0xffffffffn) | 0; r[W_GPR + 7] = Number(v >> 32n) | 0;
    r[W_CR] = r[W_CR]! & ~CR0_SO;
  }
}

/** Was the system call instruction `scv` (the word the core left in exitWord)? */
const isScv = (word: number): boolean => decoder.lookup(word)?.mnemonic === 'scv';

/** The scv convention: r3 = the result, a negative errno on failure; CR0 untouched. */
export function setVectoredSyscallResult(p: LinuxProcess, result: number): void {
  const r = p.cpu.r;
  const v = BigInt.asUintN(64, BigInt(result));
  r[W_GPR + 6] = Number(v & 0xffffffffn) | 0; r[W_GPR + 7] = Number(v >> 32n) | 0;
  for (let n = 9; n <= 12; n++) { r[W_GPR + 2 * n] = 0; r[W_GPR + 2 * n + 1] = 0; }
  r[W_XER] = r[W_GPR]!;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function formatArg(p: LinuxProcess, kind: string, v: bigint): string {
  switch (kind) {
    case 'd': return String(BigInt.asIntN(32, v));
    case 'u': return String(v);
    case 'x': return hex(v);
    case 'o': return `0${v.toString(8)}`;
    case 'F': { const fd = Number(BigInt.asIntN(32, v)); return fd === AT_FDCWD ? 'AT_FDCWD' : String(fd); }
    case 's': {
      const s = p.access.readCString(v, 256);
      return s === null ? hex(v) : JSON.stringify(s);
    }
    default: return v === 0n ? 'NULL' : hex(v);
  }
}

/** `name(arg,...)` as qemu -strace prints it. */
export function formatCall(p: LinuxProcess, nr: number, def: SyscallDef | undefined, args: SyscallArgs): string {
  if (!def) {
    const name = SYSCALL_NAMES[nr] ?? `syscall_${nr}`;
    return `${name}(${args.map(hex).join(',')}) [unimplemented]`;
  }
  return `${def.name}(${[...def.args].map((k, i) => formatArg(p, k, args[i]!)).join(',')})`;
}

function formatResult(result: number, def: SyscallDef | undefined): string {
  if (isError(result)) return `-1 errno=${-result} (${errnoMessage(-result)})`;
  if (def?.ret === 'x') return hex(BigInt.asUintN(64, BigInt(result)));
  return String(result);
}
