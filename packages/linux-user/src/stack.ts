import type { AddressSpace } from './address-space.js';
import { LoadError } from './errors.js';
import { PROT_READ, PROT_WRITE } from './address-space.js';

/** Auxiliary vector types (uapi linux/auxvec.h and asm/auxvec.h for powerpc). */
export const AT = {
  NULL: 0, IGNORE: 1, EXECFD: 2, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9,
  NOTELF: 10, UID: 11, EUID: 12, GID: 13, EGID: 14, PLATFORM: 15, HWCAP: 16, CLKTCK: 17,
  DCACHEBSIZE: 19, ICACHEBSIZE: 20, UCACHEBSIZE: 21, IGNOREPPC: 22, SECURE: 23, BASE_PLATFORM: 24,
  RANDOM: 25, HWCAP2: 26, EXECFN: 31, SYSINFO_EHDR: 33, MINSIGSTKSZ: 51,
} as const;

export const AT_NAMES: Record<number, string> = Object.fromEntries(Object.entries(AT).map(([k, v]) => [v, `AT_${k}`]));

export interface StackSpec {
  argv: string[];
  envp: string[];
  /** AT_EXECFN: the path the program was started with. */
  execfn: string;
  /** AT_PLATFORM string. */
  platform: string;
  /** AT_RANDOM: 16 bytes. */
  random: Uint8Array;
  /** Auxv entries except AT_RANDOM, AT_EXECFN and AT_PLATFORM, which point at the strings built here. */
  auxv: Array<[number, bigint]>;
}

export interface InitialStack {
  /** r1 at entry: the address of argc (16-byte aligned). */
  sp: number;
  argv: number;
  envp: number;
  auxv: number;
  /** The complete auxv as written (including the pointers and AT_NULL). */
  auxvEntries: Array<[number, bigint]>;
}

/**
 * Maps the stack and writes the process's initial stack the way Linux's
 * create_elf_tables() lays it out (System V ABI, 64-bit PowerPC supplement):
 *
 *   stackTop - 8       NULL (end marker)
 *                      execfn string, then envp strings, then argv strings (downwards)
 *                      AT_PLATFORM string, 16 AT_RANDOM bytes
 *                      (padding to 16 bytes)
 *   sp + ...           auxv pairs ending with AT_NULL
 *                      envp[] pointers, NULL
 *                      argv[] pointers, NULL
 *   sp                 argc                                  <- r1
 *
 * Every value is a 64-bit doubleword in the guest's byte order.
 */
export function buildInitialStack(space: AddressSpace, spec: StackSpec, littleEndian: boolean): InitialStack {
  const { stackTop, stackSize } = space.layout;
  space.map(stackTop - stackSize, stackSize, PROT_READ | PROT_WRITE);
  const u8 = space.memory.u8;
  const view = space.memory.view;
  const enc = new TextEncoder();

  let p = stackTop - 8;
  view.setBigUint64(p, 0n, littleEndian);
  const pushString = (s: string): number => {
    const b = enc.encode(s);
    p -= b.length + 1;
    u8.set(b, p);
    u8[p + b.length] = 0;
    return p;
  };
  const execfn = pushString(spec.execfn);
  const envAddrs: number[] = [];
  for (let i = spec.envp.length - 1; i >= 0; i--) envAddrs.unshift(pushString(spec.envp[i]!));
  const argAddrs: number[] = [];
  for (let i = spec.argv.length - 1; i >= 0; i--) argAddrs.unshift(pushString(spec.argv[i]!));
  const platform = pushString(spec.platform);
  p = (p - 16) & ~15;
  const random = p;
  u8.set(spec.random.subarray(0, 16), random);

  const auxvEntries: Array<[number, bigint]> = [
    ...spec.auxv,
    [AT.RANDOM, BigInt(random)],
    [AT.EXECFN, BigInt(execfn)],
    [AT.PLATFORM, BigInt(platform)],
    [AT.NULL, 0n],
  ];
  const words = 1 + (argAddrs.length + 1) + (envAddrs.length + 1) + auxvEntries.length * 2;
  const sp = (p - words * 8) & ~15;
  if (sp < stackTop - stackSize) throw new LoadError('argument list too long (arguments and environment do not fit in the stack)');

  let q = sp;
  const put = (v: bigint | number): void => { view.setBigUint64(q, BigInt(v), littleEndian); q += 8; };
  put(argAddrs.length);
  const argv = q;
  for (const a of argAddrs) put(a);
  put(0);
  const envp = q;
  for (const e of envAddrs) put(e);
  put(0);
  const auxv = q;
  for (const [k, v] of auxvEntries) { put(k); put(v); }
  return { sp, argv, envp, auxv, auxvEntries };
}
