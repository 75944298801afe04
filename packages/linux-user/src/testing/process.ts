import { afterEach } from '@jest/globals';
import { W_CR, GuestMemory } from '@hvstep/emulator-core';
import { LinuxProcess, type ProcessOptions } from '../process.js';
import { BufferHostIo } from '../host-io.js';
import { dispatchSyscall, CR0_SO } from '../syscalls/dispatch.js';
import { buildElf, asm, type ElfSpec } from './elf-builder.js';

export const TEXT = 0x10000000;

/**
 * Guest RAM is reused between tests: a 1 GiB SharedArrayBuffer per process is only
 * reclaimed when V8 gets round to it, and a worker holding dozens of them can no
 * longer fork (spawnSync fails with ENOMEM). Processes made here are released
 * after each test and their zeroed RAM goes back to the pool.
 */
const pool: GuestMemory[] = [];
const live: LinuxProcess[] = [];
afterEach(() => { for (const p of live.splice(0)) pool.push(p.release()); });

/** All-zero guest RAM from the pool. */
export const takeMemory = (): GuestMemory => pool.pop() ?? new GuestMemory(1 << 30);
/** Returns a finished process's RAM to the pool. */
export const recycle = (p: LinuxProcess): void => { pool.push(p.release()); };
export const DATA = 0x10010000;

/** A process around a small program (by default: text at 0x10000000, 64 KiB of data at 0x10010000). */
export function makeProcess(options: Partial<ProcessOptions> & { elf?: Partial<ElfSpec>; stdin?: string } = {}): LinuxProcess & { testIo: BufferHostIo } {
  const io = new BufferHostIo(new TextEncoder().encode(options.stdin ?? ''));
  const elf = buildElf({
    entry: TEXT,
    segments: [
      { vaddr: TEXT, words: [asm.loop()] },
      { vaddr: DATA, flags: 6, bytes: new Uint8Array(16), memsz: 0x10000 },
    ],
    ...options.elf,
  });
  const memory = takeMemory();
  let p: LinuxProcess;
  try {
    p = new LinuxProcess(elf, { argv: ['/test/prog'], env: ['A=1'], io, pid: 4242, random: new Uint8Array(16).fill(7), memory, ...options });
  } catch (e) {
    pool.push(memory);
    throw e;
  }
  live.push(p);
  return Object.assign(p, { testIo: io });
}

/**
 * Performs system call `nr` as the guest would (r0, r3..r8, sc) and returns the
 * result the way the C wrappers see it: the value, or -errno when CR0[SO] is set.
 */
export function syscall(p: LinuxProcess, nr: number, ...args: Array<bigint | number>): number {
  const st = p.cpu.state;
  st.setGpr(0, BigInt(nr));
  for (let i = 0; i < 6; i++) st.setGpr(3 + i, BigInt.asUintN(64, BigInt(args[i] ?? 0)));
  dispatchSyscall(p);
  p.cpu.syncTlb(p.space.generation);
  const r3 = st.gpr(3);
  return (p.cpu.r[W_CR]! & CR0_SO) !== 0 ? -Number(r3) : Number(BigInt.asIntN(64, r3));
}

/** Writes a NUL-terminated string to guest memory at addr. */
export function putString(p: LinuxProcess, addr: number, s: string): number {
  const b = new TextEncoder().encode(`${s}\0`);
  p.memory.u8.set(b, addr);
  return addr;
}
