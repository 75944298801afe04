import { describe, expect, it } from '@jest/globals';
import { xorshift32 } from '../test-support/random-words.js';
import { GuestMemory } from '../memory/guest-memory.js';
import { Arena } from '../memory/arena.js';
import { UserPageMap } from '../mmu/user-page-map.js';
import { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { fieldEncoder as put } from '../decode/fields.generated.js';
import { CODE, DATA, DATA_MIDDLE, WORDS, randomProgram, loadRandomCase } from '../test-support/random-programs.js';
import { W_NIP, W_GPR, W_LR, W_CTR, W_INSN_COUNT } from '../state/layout.js';
import { CTL_REQUESTS } from '../cpu/control.js';
import { run } from '../interp/run.js';
import { runJit } from './run.js';
import { blockCacheOf } from './block-cache.js';

/*
 * The translator against the interpreter: random programs — the templated
 * instructions, cold ones the interpreter runs between blocks, branches inside the
 * program (loops, calls through LR and CTR), loads and stores that sometimes fault and
 * sometimes write into the code itself — run from the same state under both engines
 * for the same budget. The whole register file (NIP and the retired-instruction
 * counter included), the exit code and all of memory must come out the same.
 */

/**
 * A user-mode machine; blocks compiled on their first entry unless `hotThreshold` says
 * otherwise. In an arena (memory/arena.ts) the blocks are WebAssembly and chain in the
 * dispatcher (wasm/engine-block.ts, wasm/block-table.ts); otherwise JavaScript.
 */
function machine(inArena: boolean, writableCode: boolean, hotThreshold = 1) {
  const arena = inArena ? new Arena(1 << 20) : undefined;
  const memory = arena?.guestMemory() ?? new GuestMemory(1 << 20);
  const pages = new UserPageMap(memory);
  pages.protect(CODE, 0x10000, writableCode ? 7 : 5);
  pages.protect(DATA, 0x10000, 3);
  const cpu = arena ? new Cpu(memory, pages, arena.cpuState(0), { arena, vcpu: 0 }) : new Cpu(memory, pages);
  blockCacheOf(cpu).hotThreshold = hotThreshold;
  blockCacheOf(cpu).coldStretch = 0;
  return { memory, cpu };
}

for (const inArena of [false, true]) describe(inArena ? 'WebAssembly blocks in an arena' : 'JavaScript blocks', () => {
  describe('translated blocks and the interpreter agree on random programs', () => {
    // compiled at once, and compiled on a block's third entry (scanned blocks run in the interpreter before)
    for (const [writableCode, hot] of [[false, 1], [true, 1], [false, 3], [true, 3]] as const) {
      it(`${writableCode ? 'with stores into the code (self-modifying)' : 'with read-only code'}, compiled on entry ${hot}`, () => {
        const { memory, cpu } = machine(inArena, writableCode, hot);
        const r = cpu.r;
        const next = xorshift32((writableCode ? 0x51f0 : 0x7a11) ^ hot);
        let blocksRan = 0, exits = new Map<number, number>();
        for (let c = 0; c < 300; c++) {
          const le = (next() & 3) !== 0;
          const mode64 = (next() & 3) !== 0;
          loadRandomCase(next, memory, r, writableCode, le);
          cpu.mode64 = mode64; cpu.littleEndian = le;
          const budget = 200 + (next() % 2000);
          const regs = r.slice(), mem = memory.u8.slice(0, 0x40000);

          const exitInterp = run(cpu, budget);
          const afterInterp = { regs: r.slice(), mem: memory.u8.slice(0, 0x40000) };

          r.set(regs); memory.u8.set(mem); cpu.mode64 = mode64; cpu.littleEndian = le;
          // from an empty cache half of the time, so that both fresh and cached blocks run
          if (next() & 1) blockCacheOf(cpu).clear();
          const before = blockCacheOf(cpu).translatedBlocks;
          const exitJit = runJit(cpu, budget);
          if (blockCacheOf(cpu).translatedBlocks !== before) blocksRan++;

          const where = `case ${c} le=${le} mode64=${mode64} budget=${budget}`;
          expect({ where, exit: exitJit }).toEqual({ where, exit: exitInterp });
          const differs = r.findIndex((v, k) => v !== afterInterp.regs[k]);
          if (differs >= 0) expect({ where, word: differs, jit: r[differs] }).toEqual({ where, word: differs, jit: afterInterp.regs[differs] });
          expect(Buffer.compare(memory.u8.subarray(0, 0x40000), afterInterp.mem)).toBe(0);
          exits.set(exitJit, (exits.get(exitJit) ?? 0) + 1);
        }
        // the programs exercised the translator and ended in more than one way
        expect(blocksRan).toBeGreaterThan(hot === 1 ? 100 : 5);
        expect(exits.size).toBeGreaterThan(2);
      });
    }
  });

  describe('the translator stays exact at its edges', () => {
    it('stays exact when its cache starts over every few blocks (a block compiled just before is entered after)', () => {
      const { memory, cpu } = machine(inArena, false);
      blockCacheOf(cpu).limit = 3;
      const r = cpu.r;
      const next = xorshift32(0x5eed);
      for (let c = 0; c < 60; c++) {
        loadRandomCase(next, memory, r, false, true);
        cpu.mode64 = true; cpu.littleEndian = true;
        const budget = 500 + (next() % 1000);
        const regs = r.slice(), mem = memory.u8.slice(0, 0x40000);
        const exitInterp = run(cpu, budget);
        const after = r.slice(), afterMem = memory.u8.slice(0, 0x40000);
        r.set(regs); memory.u8.set(mem); cpu.mode64 = true; cpu.littleEndian = true;
        expect({ c, exit: runJit(cpu, budget) }).toEqual({ c, exit: exitInterp });
        expect([...r]).toEqual([...after]);
        expect(Buffer.compare(memory.u8.subarray(0, 0x40000), afterMem)).toBe(0);
      }
    });

    const loop = [
      put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(1),                 // 1: addi 3,3,1
      put.OPCD(16) | put.BO(16) | put.BI(0) | put.BD(-4),               //    bdnz 1b
      0,                                                                // illegal: the end
    ];
    function loopMachine(count: number) {
      const { memory, cpu } = machine(inArena, true);
      loop.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
      cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = count; cpu.r[W_GPR + 6] = 0;
      return { memory, cpu };
    }

    it('faults on an access that crosses from a page the TLB holds into an unmapped one', () => {
      // ld 3,0(4) brings the data area's last page into the TLB; ld 5,4(4) and stw 5,6(4)
      // run past its end into an unmapped page: the second must fault, NIP on it
      const DATA_END = DATA + 0x10000;
      for (const second of [put.OPCD(58) | put.RT(5) | put.RA(4) | 4, put.OPCD(36) | put.RT(5) | put.RA(4) | put.SI(6)]) {
        const { memory, cpu } = machine(inArena, false);
        [put.OPCD(58) | put.RT(3) | put.RA(4), second, 0].forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
        cpu.mode64 = true; cpu.littleEndian = true; // little-endian: the accesses that go through the TLB inline
        cpu.r[W_NIP] = CODE; cpu.r[W_GPR + 8] = DATA_END - 8;
        expect(runJit(cpu, 100)).toBe(Exit.DataStorage);
        expect(cpu.r[W_NIP]).toBe(CODE + 4);
        expect(cpu.r[W_INSN_COUNT]).toBe(1);
      }
    });

    it('stops exactly at the budget, inside a block that loops on itself', () => {
      const { cpu } = loopMachine(1000);
      expect(runJit(cpu, 777)).toBe(Exit.Budget);
      expect(cpu.r[W_INSN_COUNT]).toBe(777);
      expect(cpu.r[W_GPR + 6]).toBe(389);           // 389 addi and 388 bdnz
      expect(cpu.r[W_NIP]).toBe(CODE + 4);
      expect(runJit(cpu, 10_000)).toBe(Exit.IllegalInstruction);
      expect(cpu.r[W_INSN_COUNT]).toBe(2000);
      expect(cpu.r[W_NIP]).toBe(CODE + 8);
    });

    it('interprets cold code in stretches, compiles a block once it is hot, and stays exact across the switch', () => {
      const { cpu } = loopMachine(100_000);
      const cache = blockCacheOf(cpu);
      cache.hotThreshold = 64;
      cache.coldStretch = 512;
      expect(runJit(cpu, 20)).toBe(Exit.Budget);
      expect(cache.translatedBlocks).toBe(0);     // 10 passes: still interpreted
      expect(cpu.r[W_INSN_COUNT]).toBe(20);
      expect(runJit(cpu, 10_000_000)).toBe(Exit.IllegalInstruction);
      expect(cache.translatedBlocks).toBe(1);
      expect(cpu.r[W_INSN_COUNT]).toBe(200_000);
      expect(cpu.r[W_GPR + 6]).toBe(100_000);
      expect(cpu.r[W_NIP]).toBe(CODE + 8);
    });

    it('keeps CR, CTR and CFAR exact at every budget and at a fault inside a loop that holds them in locals', () => {
      // 1: addi 3,3,1; cmpdi 3,7; bne 2f (not taken while r3 != 7... taken: falls to the load)
      // the loop: addi 3,3,1; cmpd 3,6; ld 5,0(4); bdnzf eq,1b; illegal. r4 leaves the data
      // area on the pass that adds 8 to it past its end: a storage fault inside the loop
      const loopWords = [
        put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(1),                           // addi 3,3,1
        (31 << 26) | (1 << 21) | (3 << 16) | (6 << 11),                             // cmpd 3,6
        put.OPCD(58) | put.RT(5) | put.RA(4) | 0,                                   // ld 5,0(4)
        put.OPCD(14) | put.RT(4) | put.RA(4) | put.SI(8),                           // addi 4,4,8
        put.OPCD(16) | put.BO(0) | put.BI(2) | put.BD(-16),                         // bdnzf eq,1b
        0,
      ];
      const start = (cpu: Cpu, r4: number): void => {
        cpu.r.fill(0);
        cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 5000; cpu.r[W_GPR + 12] = 3000; cpu.r[W_GPR + 8] = r4;
        cpu.mode64 = true; cpu.littleEndian = true;
      };
      // r4 in the data area (no fault before the compare ends the loop), then 8 bytes
      // before its end (a fault on the second pass)
      for (const r4 of [DATA, DATA + 0x10000 - 8]) {
        for (const budget of [1, 2, 7, 12, 999, 3000, 12_000, 15_004, 100_000]) {
          const states = [run, runJit].map((engine) => {
            const { memory, cpu } = machine(inArena, false);
            loopWords.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
            start(cpu, r4);
            const exit = engine(cpu, budget);
            return { exit, regs: [...cpu.r] };
          });
          const where = `r4=${r4.toString(16)} budget=${budget}`;
          expect({ where, exit: states[1]!.exit }).toEqual({ where, exit: states[0]!.exit });
          const differs = states[1]!.regs.findIndex((v, k) => v !== states[0]!.regs[k]);
          expect({ where, word: differs }).toEqual({ where, word: -1 });
        }
      }
    });

    it('notices a stop request from another thread within one block', () => {
      const { cpu } = loopMachine(1_000_000);
      cpu.controls[cpu.controlBase + CTL_REQUESTS] = 1;
      const exit = runJit(cpu, 100_000);
      expect(exit).toBe(Exit.StopRequested);
      expect(cpu.r[W_INSN_COUNT]!).toBeLessThanOrEqual(64);
    });

    it('runs the new word after a store into the block itself', () => {
      const { memory, cpu } = machine(inArena, true);
      const addi = (si: number): number => put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(si);
      [put.OPCD(36) | put.RS(5) | put.RA(4) | put.SI(8), addi(1), addi(1), 0].forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
      cpu.r[W_NIP] = CODE; cpu.r[W_GPR + 8] = CODE; cpu.r[W_GPR + 10] = addi(100); cpu.r[W_GPR + 6] = 0;
      expect(runJit(cpu, 100)).toBe(Exit.IllegalInstruction);
      expect(cpu.r[W_GPR + 6]).toBe(101);
      expect(cpu.r[W_INSN_COUNT]).toBe(3);
    });

    it('runs the new first word on the next pass of a loop that rewrote it', () => {
      const { memory, cpu } = machine(inArena, true);
      const addi = (si: number): number => put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(si);
      // 1: addi 3,3,1; stw 5,0(4) (4 = the loop's start, 5 = addi 3,3,100); bdnz 1b; illegal
      [addi(1), put.OPCD(36) | put.RS(5) | put.RA(4) | put.SI(0), put.OPCD(16) | put.BO(16) | put.BI(0) | put.BD(-8), 0]
        .forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
      cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 3; cpu.r[W_GPR + 8] = CODE; cpu.r[W_GPR + 10] = addi(100); cpu.r[W_GPR + 6] = 0;
      expect(runJit(cpu, 100)).toBe(Exit.IllegalInstruction);
      expect(cpu.r[W_GPR + 6]).toBe(201);             // 1, then 100 on each of the two later passes
      expect(cpu.r[W_INSN_COUNT]).toBe(9);
    });

    it('runs the new code after a write into a translated block (another thread, the debugger)', () => {
      const { memory, cpu } = loopMachine(10);
      expect(runJit(cpu, 10_000)).toBe(Exit.IllegalInstruction);
      expect(cpu.r[W_GPR + 6]).toBe(10);
      // addi 3,3,1 becomes addi 3,3,5 while the block stays cached
      memory.write32(CODE, put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(5), true);
      cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 10; cpu.r[W_GPR + 6] = 0;
      expect(runJit(cpu, 10_000)).toBe(Exit.IllegalInstruction);
      expect(cpu.r[W_GPR + 6]).toBe(50);
    });
  });

  describe('hypervisor instruction breakpoints under the translator', () => {
    /** Arms the addresses as the hypervisor does (guest-debug.ts); this user-mode machine keeps its LE, 64-bit state outside the MSR. */
    const arm = (cpu: Cpu, addresses: readonly number[]): void => {
      cpu.hvBreakpoints.length = 0;
      for (const lo of addresses) cpu.hvBreakpoints.push({ hi: 0, lo });
      cpu.debugFacilitiesChanged();
      cpu.mode64 = true; cpu.littleEndian = true;
    };

    // compiled at once, and compiled on a block's third entry (cold blocks interpreted one at a time before)
    it.each([1, 3])('stop where the interpreter stops, on random programs with one or two armed addresses (compiled on entry %d)', (hot) => {
      const { memory, cpu } = machine(inArena, false, hot);
      const r = cpu.r;
      const next = xorshift32(0x6b9e ^ hot);
      const exits = new Map<number, number>();
      for (let c = 0; c < 300; c++) {
        const program = randomProgram(next, false);
        memory.u8.fill(0, CODE, CODE + 0x10000);
        program.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
        for (let k = 0; k < 0x10000; k += 4) memory.write32(DATA + k, next() | 0, true);
        for (let k = 0; k < r.length; k++) r[k] = 0;
        for (let g = 0; g < 32; g++) r[W_GPR + 2 * g] = (next() & 1) ? DATA_MIDDLE + ((next() & 0x3ff8) - 0x2000) : next() % 64;
        r[W_LR] = CODE + 4 * (next() % WORDS);
        r[W_CTR] = next() % 40;
        r[W_NIP] = CODE;
        cpu.mode64 = true; cpu.littleEndian = true;
        const budget = 200 + (next() % 2000);
        const regs = r.slice(), mem = memory.u8.slice(0, 0x40000);
        // one address the program reaches (where the interpreter is after a few instructions), and one at random
        arm(cpu, []);
        const reached = run(cpu, 1 + (next() % 8)) === Exit.Budget ? r[W_NIP]! : CODE + 4 * (next() % WORDS);
        r.set(regs); memory.u8.set(mem);
        const armed = (next() & 1) ? [reached] : [reached, CODE + 4 * (next() % WORDS)];

        arm(cpu, armed);
        const exitInterp = run(cpu, budget);
        const afterInterp = r.slice();

        r.set(regs); memory.u8.set(mem);
        if (next() & 1) blockCacheOf(cpu).clear();
        arm(cpu, armed);
        const exitJit = runJit(cpu, budget);

        const where = `case ${c} armed=${armed.map((a) => a.toString(16)).join(',')} budget=${budget}`;
        expect({ where, exit: exitJit }).toEqual({ where, exit: exitInterp });
        const differs = r.findIndex((v, k) => v !== afterInterp[k]);
        if (differs >= 0) expect({ where, word: differs, jit: r[differs] }).toEqual({ where, word: differs, jit: afterInterp[differs] });
        exits.set(exitJit, (exits.get(exitJit) ?? 0) + 1);
      }
      // many programs reached an armed address (about a third with these seeds)
      expect(exits.get(Exit.DebugBreakpoint) ?? 0).toBeGreaterThan(75);
      arm(cpu, []);
    });

    // interpreted in stretches (never compiled) and compiled at once: the stretches run free on
    // the loop's page and stop before the page that holds the armed address
    it.each([[1_000_000, 'interpreted'], [1, 'compiled']] as const)('stop at an armed address on another page than the code that runs first (%s, %s)', (hot: number, _how: string) => {
      const { memory, cpu } = machine(inArena, false, hot);
      blockCacheOf(cpu).coldStretch = 512;
      const B = CODE + 0x1000;
      const program: [number, number][] = [
        [CODE, put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(1)],         // 1: addi 3,3,1
        [CODE + 4, put.OPCD(16) | put.BO(16) | put.BI(0) | put.BD(-4)],   //    bdnz 1b
        [CODE + 8, put.OPCD(18) | put.LI(B - (CODE + 8))],                 //    b B
        [B, put.OPCD(14) | put.RT(4) | put.RA(4) | put.SI(1)],            // B: addi 4,4,1
        [B + 4, put.OPCD(14) | put.RT(4) | put.RA(4) | put.SI(1)],        //    addi 4,4,1 (armed)
        [B + 8, 0],                                                       //    illegal
      ];
      for (const [a, w] of program) memory.write32(a, w, true);
      const start = (): void => { cpu.r.fill(0); cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 1000; cpu.mode64 = true; cpu.littleEndian = true; };
      for (const engine of [run, runJit]) {
        start();
        arm(cpu, [B + 4]);
        expect(engine(cpu, 100_000)).toBe(Exit.DebugBreakpoint);
        expect([cpu.r[W_NIP], cpu.r[W_INSN_COUNT], cpu.r[W_GPR + 6], cpu.r[W_GPR + 8]]).toEqual([B + 4, 2002, 1000, 1]);
      }
      // nothing armed on B's page: the breakpoint elsewhere (never reached) changes nothing
      start();
      arm(cpu, [CODE + 0x3000]);
      expect(runJit(cpu, 100_000)).toBe(Exit.IllegalInstruction);
      expect([cpu.r[W_NIP], cpu.r[W_INSN_COUNT], cpu.r[W_GPR + 8]]).toEqual([B + 8, 2003, 2]);
      arm(cpu, []);
    });

    it('keep running compiled blocks that hold no armed address, and stop exactly at one that does', () => {
      const { memory, cpu } = machine(inArena, true, 1);
      const loop = [
        put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(1),   // 1: addi 3,3,1
        put.OPCD(16) | put.BO(16) | put.BI(0) | put.BD(-4), //    bdnz 1b
        put.OPCD(14) | put.RT(4) | put.RA(4) | put.SI(1),   //    addi 4,4,1
        0,                                                  //    illegal: the end
      ];
      loop.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
      cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 1000;
      // armed after the loop: the loop's block is compiled and runs (the old rule ran all of it one at a time)
      arm(cpu, [CODE + 8]);
      expect(runJit(cpu, 100_000)).toBe(Exit.DebugBreakpoint);
      expect(cpu.r[W_NIP]).toBe(CODE + 8);
      expect(cpu.r[W_INSN_COUNT]).toBe(2000);
      expect(cpu.r[W_GPR + 6]).toBe(1000);
      expect(blockCacheOf(cpu).translatedBlocks).toBeGreaterThan(0);
      // armed inside the compiled loop: the stop comes before the bdnz of the first pass
      cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 1000; cpu.r[W_GPR + 6] = 0; cpu.r[W_INSN_COUNT] = 0;
      arm(cpu, [CODE + 4]);
      expect(runJit(cpu, 100_000)).toBe(Exit.DebugBreakpoint);
      expect(cpu.r[W_NIP]).toBe(CODE + 4);
      expect(cpu.r[W_INSN_COUNT]).toBe(1);
      expect(cpu.r[W_GPR + 6]).toBe(1);
      arm(cpu, []);
    });
  });
});
