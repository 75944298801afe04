import { GuestMemory } from '../memory/guest-memory.js';
import { Arena } from '../memory/arena.js';
import { Cpu } from '../cpu/cpu.js';
import { RadixTranslation } from '../mmu/radix/radix-translation.js';
import { RadixTableBuilder } from '../mmu/radix/test-support.js';
import { sprWord } from '../state/layout.js';
import { SPR_LPCR } from '../cpu/spr-numbers.js';
import { MSR_HI_SF, MSR_ME } from '../cpu/msr.js';
import { Vector } from '../cpu/vectors.js';
import { assemble } from './assemble.js';

/**
 * The vectors every bare-metal test program has: each records its number in r3 and
 * exits with `sc 1`. The partition-level vectors up to VSX Unavailable; the
 * hypervisor-level ones (0x980, 0xE00-0xEA0, 0xF80) are never taken by a guest.
 */
export const STANDARD_VECTORS: number[] = [
  Vector.SystemReset, Vector.MachineCheck, Vector.DataStorage, Vector.DataSegment, Vector.InstructionStorage,
  Vector.InstructionSegment, Vector.External, Vector.Alignment, Vector.Program, Vector.FloatingPointUnavailable,
  Vector.Decrementer, Vector.DirectedPrivilegedDoorbell, Vector.SystemCall, Vector.Trace, Vector.VectorUnavailable,
  Vector.VsxUnavailable, Vector.FacilityUnavailable,
  // scv 0 and scv 1 (their entries are 0x20 apart)
  Vector.SystemCallVectored, Vector.SystemCallVectored + 0x20,
];

/** `li r3,vector` for any vector offset (the scv ones do not fit a 16-bit immediate). */
const loadVector = (v: number): string => (v < 0x8000 ? `  li 3, ${v}` : `  lis 3, ${v >>> 16}\n  ori 3, 3, ${v & 0xffff}`);

/**
 * Builds the source of a bare-metal program loaded at real address 0: a stub at each
 * interrupt vector (`li r3,vector; sc 1` unless `handlers` gives the vector its own
 * code), then the test body at ENTRY.
 */
export const ENTRY = 0x20000;
export function bareMetal(body: string, handlers: Record<number, string> = {}, vectorBase = 0): string {
  const lines: string[] = [];
  for (const v of STANDARD_VECTORS) {
    if (vectorBase + v >= ENTRY) continue; // the scv entries under an AIL base would overlap the body
    lines.push(`  .org ${vectorBase + v}`, handlers[v] ?? `${loadVector(v)}\n  sc 1`);
  }
  lines.push(`  .org ${ENTRY}`, body);
  return lines.join('\n');
}

export interface SystemMachineOptions {
  bigEndian?: boolean;
  /** Initial MSR low word (SF and ME are always set; HV never). */
  msrLo?: number;
  /** LPCR low word. */
  lpcr?: number;
  ram?: number;
  /** Guest RAM and the registers in an arena (memory/arena.ts), as the engine `wasm` has them. */
  arena?: boolean;
}

/** A guest vCPU in system mode (MSR[HV]=0) with the program at real address 0 and NIP = ENTRY. */
export function makeSystemMachine(source: string, options: SystemMachineOptions = {}) {
  const arena = options.arena ? new Arena(options.ram ?? 16 << 20) : undefined;
  const memory = arena?.guestMemory() ?? new GuestMemory(options.ram ?? 16 << 20);
  const radix = new RadixTranslation(memory);
  const cpu = arena ? new Cpu(memory, radix, arena.cpuState(0), { arena, vcpu: 0 }) : new Cpu(memory, radix);
  cpu.systemMode = true;
  const words = assemble(source, options.bigEndian);
  const le = !options.bigEndian;
  words.forEach((w, i) => memory.write32(4 * i, w, le));
  cpu.r[sprWord(SPR_LPCR)] = options.lpcr ?? 0;
  cpu.setMsr(MSR_HI_SF, (options.msrLo ?? 0) | MSR_ME | (le ? 1 : 0));
  cpu.state.nip = BigInt(ENTRY);
  return { memory, cpu, radix };
}

/**
 * Radix tables (4K geometry) for PID 0 that map EA 0xC000000000000000 + x and EA x
 * onto real address x for the first `bytes` of RAM, with `flags` rights, as a Linux
 * kernel maps itself. Tables live in the top MiB of RAM.
 */
export function mapKernelLinear(memory: GuestMemory, radix: RadixTranslation, bytes: number, flags: bigint): void {
  const builder = new RadixTableBuilder(memory, '4k', memory.size - (1 << 20), memory.size);
  const root = builder.newRoot();
  const table = builder.alloc(4096);
  builder.setProcessEntry(table, 0, root);
  for (let pa = 0; pa < bytes; pa += 4096) {
    builder.map(root, 0xc000000000000000n + BigInt(pa), pa, 4096, flags);
    builder.map(root, BigInt(pa), pa, 4096, flags);
  }
  radix.setProcessTable(table, 12);
}
