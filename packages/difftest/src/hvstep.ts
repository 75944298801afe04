import {
  Cpu, Exit, GuestMemory, UserPageMap, runnerFor, blockCacheOf, exitName, decoder, type Engine, type RunFunction,
  ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, W_GPR, W_NIP,
} from '@hvstep/emulator-core';
import { PF_R, PF_W, PF_X } from './elf.js';
import { SYS_WRITE, SYS_EXIT_GROUP, type ProgramImage } from './program.js';
import { splitRecords } from './qemu.js';
import type { CaseOutcome, SideResult, Stop, StopKind } from './outcome.js';

/** Instructions one case may execute before it counts as a hang (the longest case is a few hundred). */
const CASE_BUDGET = 200000;
const SLICE = 50000;

const EXIT_KIND: Record<number, StopKind> = {
  [Exit.IllegalInstruction]: 'SIGILL',
  [Exit.PrivilegedInstruction]: 'SIGILL',
  [Exit.Trap]: 'SIGTRAP',
  [Exit.DataStorage]: 'SIGSEGV',
  [Exit.InstructionStorage]: 'SIGSEGV',
  [Exit.Alignment]: 'SIGBUS',
  [Exit.FloatingPointEnabled]: 'SIGFPE',
};

/** The engine this thread's hvstep side runs on (set per batch: the batch task names it). */
let run: RunFunction = runnerFor('interp');
let engineInUse: Engine = 'interp';
export function useEngine(engine: Engine): void { run = runnerFor(engine); engineInUse = engine; }

const hex = (x: number): string => '0x' + (x >>> 0).toString(16);

/** A fresh address space holding the program's segments with their protections. */
export function loadImage(image: ProgramImage): { memory: GuestMemory; map: UserPageMap } {
  const memory = new GuestMemory(image.memorySize);
  const map = new UserPageMap(memory);
  for (const s of image.segments) {
    memory.writeBytes(s.vaddr, s.data);
    let prot = 0;
    if (s.flags & PF_R) prot |= ACCESS_READ;
    if (s.flags & PF_W) prot |= ACCESS_WRITE;
    if (s.flags & PF_X) prot |= ACCESS_EXECUTE;
    map.protect(s.vaddr, Math.max(s.memSize ?? 0, s.data.length), prot);
  }
  return { memory, map };
}

/**
 * Runs every case of the program on an in-process hvstep vCPU, handling the two
 * system calls the program makes (write to stdout, exit_group). A stop (fault,
 * illegal instruction, emulator exception, runaway) becomes the outcome of the case
 * it happened in and execution resumes at the next case's first word, on a fresh
 * vCPU and address space as QEMU's side resumes in a new process: state the cases
 * do not load (the reservation with its values, the softfloat flags, memory an
 * earlier case wrote) starts over on both sides.
 */
function newCpu(memory: GuestMemory, map: UserPageMap): Cpu {
  const cpu = new Cpu(memory, map);
  // each case's code runs once: on the translator it is compiled on its first entry, so
  // that the cases test translated code, not the interpreter the translator warms up in
  if (engineInUse === 'jit') { blockCacheOf(cpu).hotThreshold = 1; blockCacheOf(cpu).coldStretch = 0; }
  return cpu;
}

export function runHvstepProgram(image: ProgramImage): SideResult {
  const total = image.entries.length - 1;
  let { memory, map } = loadImage(image);
  let cpu = newCpu(memory, map);
  let r = cpu.r;
  const outcomes: CaseOutcome[] = [];
  let starts = 0;
  let stdout: Uint8Array[] = [];
  let stdoutLen = 0;
  let first = 0;

  const flush = (): void => {
    const all = new Uint8Array(stdoutLen);
    let o = 0;
    for (const b of stdout) { all.set(b, o); o += b.length; }
    const { records } = splitRecords(all, first);
    for (const rec of records) outcomes.push({ record: rec });
    stdout = []; stdoutLen = 0;
  };
  const gpr = (n: number): number => r[W_GPR + 2 * n]!;
  const gprHi = (n: number): number => r[W_GPR + 2 * n + 1]!;

  while (outcomes.length < total) {
    first = outcomes.length;
    if (starts > 0) {
      ({ memory, map } = loadImage(image));
      cpu = newCpu(memory, map);
      r = cpu.r;
    }
    const entry = image.entries[first]!;
    r[W_NIP] = entry; r[W_NIP + 1] = 0;
    starts++;
    let stop: Stop | undefined;
    let sinceRecord = 0;
    let finished = false;
    try {
      for (;;) {
        const before = cpu.state.instructionCount;
        const code = run(cpu, SLICE);
        sinceRecord += Number(cpu.state.instructionCount - before);
        if (code === Exit.Budget) {
          if (sinceRecord > CASE_BUDGET) { stop = { kind: 'timeout', detail: `hvstep: no record after ${sinceRecord} instructions, NIP ${hex(r[W_NIP]!)}` }; break; }
          continue;
        }
        if (code === Exit.SystemCall) {
          const nr = gpr(0);
          if (nr === SYS_WRITE && gpr(3) === 1 && gprHi(4) === 0) {
            const addr = gpr(4) >>> 0, len = gpr(5) >>> 0;
            if (!map.isMapped(addr, len)) { r[W_GPR + 6] = -14; r[W_GPR + 7] = -1; continue; } // -EFAULT
            stdout.push(memory.readBytes(addr, len)); stdoutLen += len;
            r[W_GPR + 6] = len; r[W_GPR + 7] = 0;
            sinceRecord = 0;
            continue;
          }
          if (nr === SYS_EXIT_GROUP) { finished = true; break; }
          stop = { kind: 'crash', detail: `hvstep: unexpected system call r0=${nr} at NIP ${hex(r[W_NIP]!)}` };
          break;
        }
        const nip = r[W_NIP]! >>> 0;
        const word = code === Exit.IllegalInstruction || code === Exit.PrivilegedInstruction ? cpu.exitWord : wordAt(memory, nip);
        const mnem = decoder.lookup(word)?.mnemonic ?? 'not in the decode table';
        let detail = `hvstep: ${exitName(code)} at NIP ${hex(nip)} word ${hex(word)} (${mnem})`;
        if (code === Exit.DataStorage || code === Exit.Alignment) detail += ` EA ${hex(cpu.exitAddressHi)}:${hex(cpu.exitAddressLo)}`;
        stop = { kind: EXIT_KIND[code] ?? 'crash', detail };
        break;
      }
    } catch (e) {
      const nip = r[W_NIP]! >>> 0;
      const word = wordAt(memory, nip);
      stop = { kind: 'crash', detail: `hvstep: exception at NIP ${hex(nip)} word ${hex(word)} (${decoder.lookup(word)?.mnemonic ?? '?'}): ${(e as Error)?.stack ?? String(e)}` };
    }
    flush();
    if (outcomes.length >= total) break;
    if (finished) stop = { kind: 'crash', detail: 'hvstep: exited before the case ended' };
    outcomes.push({ stop: stop ?? { kind: 'crash', detail: 'hvstep: stopped' } });
  }
  return { outcomes: outcomes.slice(0, total), starts };
}

function wordAt(memory: GuestMemory, addr: number): number {
  return memory.contains(addr, 4) ? memory.read32(addr, true) : 0;
}
