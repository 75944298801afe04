import { GuestMemory } from '../memory/guest-memory.js';
import { UserPageMap } from '../mmu/user-page-map.js';
import { Cpu } from '../cpu/cpu.js';
import { run } from '../interp/run.js';
import { Exit } from '../cpu/exit.js';
import { assemble } from './assemble.js';

export const CODE_BASE = 0x10000;
export const DATA_BASE = 0x20000;

/** A small user-mode machine for instruction tests: code at CODE_BASE, a data page at DATA_BASE. */
export function makeMachine(source: string, options: { bigEndian?: boolean } = {}) {
  const memory = new GuestMemory(1 << 20);
  const pages = new UserPageMap(memory);
  pages.protect(CODE_BASE, 0x10000, 5); // read + execute
  pages.protect(DATA_BASE, 0x10000, 3); // read + write
  const cpu = new Cpu(memory, pages);
  cpu.littleEndian = !options.bigEndian;
  const words = assemble(source, options.bigEndian, CODE_BASE);
  words.forEach((w, i) => memory.write32(CODE_BASE + 4 * i, w, cpu.littleEndian));
  cpu.state.nip = BigInt(CODE_BASE);
  return { memory, pages, cpu, words };
}

/** Runs until the code falls off its end (the next word is 0: illegal) or another exit; returns that exit. */
export function runToEnd(cpu: Cpu, budget = 1_000_000): number {
  return run(cpu, budget);
}
export { Exit };
