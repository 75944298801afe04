import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal, mapKernelLinear, ENTRY } from '../test-support/system-machine.js';
import { assemble } from '../test-support/assemble.js';
import { run } from '../interp/run.js';
import { Exit } from './exit.js';
import { Cpu } from './cpu.js';
import { LPCR_ILE, LPCR_GTSE, MSR_EE, MSR_FP, MSR_IR, MSR_DR, MSR_SE, MSR_PR, MSR_LE, MSR_ME } from './msr.js';
import { SPR_SRR0, SPR_SRR1, SPR_DAR, SPR_DSISR, SPR_HSRR0, SPR_HEIR } from './spr-numbers.js';
import { CTL_REQUESTS, CTL_EXTERNAL, REQUEST_STOP, REQUEST_FLUSH_TLB, REQUEST_INTERRUPT_CHECK, newControlBlock, CONTROL_WORDS_PER_VCPU } from './control.js';
import { deliverInterrupt, Vector } from './interrupts.js';
import { GuestClock } from './timebase.js';
import { RadixTableBuilder } from '../mmu/radix/test-support.js';
import { READ, WRITE, EXEC, PRIV } from '../mmu/radix/test-support.js';

const LE = { lpcr: LPCR_ILE };
const AIL2 = 0x01000000, AIL3 = 0x01800000;


function runToHypercall(cpu: Cpu, budget = 100_000): number {
  const exit = run(cpu, budget);
  expect(exit).toBe(Exit.Hypercall);
  return Number(cpu.state.gpr(3));
}

describe('system mode: interrupts a partition takes (Book III 7)', () => {
  it('sc 0: System Call at 0xC00, SRR0 the next instruction, SRR1 the MSR', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      li 4, 1
      sc
      li 4, 2`), LE);
    const msrBefore = cpu.state.msr;
    expect(runToHypercall(cpu)).toBe(0xc00);
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 8));
    expect(cpu.state.spr(SPR_SRR1)).toBe(msrBefore);
    expect(cpu.state.gpr(4)).toBe(1n);
    // the handler runs with the new MSR: SF, ME and LE (from LPCR[ILE]) only
    expect(cpu.state.msr).toBe(0x8000000000000000n | BigInt(MSR_ME | MSR_LE));
  });


  it('illegal instruction and the debug word 0x00dddd00 exit to the hypervisor as HEAI', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      nop
      .long 0x00dddd00`), LE);
    expect(run(cpu, 1000)).toBe(Exit.HypervisorEmulationAssistance);
    expect(cpu.state.nip).toBe(BigInt(ENTRY + 4));
    expect(cpu.state.spr(SPR_HSRR0)).toBe(BigInt(ENTRY + 4));
    expect(cpu.state.spr(SPR_HEIR)).toBe(0x00dddd00n);
    expect(cpu.state.instructionCount).toBe(1n);
  });

  it('a privileged instruction in problem state is a Program interrupt with SRR1 bit 45', () => {
    const { cpu, memory, radix } = makeSystemMachine(bareMetal(`
      lis 5, user@h
      ori 5, 5, user@l
      mtsrr0 5
      mfmsr 6
      ori 6, 6, ${MSR_PR}
      mtsrr1 6
      rfid
    user:
      nop
      mfmsr 7`), LE);
    // problem state always relocates (rfid sets IR/DR with PR): map the program for user access
    mapKernelLinear(memory, radix, 0x40000, READ | WRITE | EXEC);
    expect(runToHypercall(cpu)).toBe(0x700);
    expect(cpu.state.spr(SPR_SRR1) & 0x783f0000n).toBe(0x00040000n);
    expect(cpu.state.spr(SPR_SRR1) & BigInt(MSR_PR)).toBe(BigInt(MSR_PR));
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 4 * 8));
    expect(cpu.state.gpr(7)).toBe(0n);
  });

  it('a trap whose condition holds is a Program interrupt with SRR1 bit 46', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      li 4, 3
      tdi 4, 4, 3`), LE);
    expect(runToHypercall(cpu)).toBe(0x700);
    expect(cpu.state.spr(SPR_SRR1) & 0x783f0000n).toBe(0x00020000n);
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 4));
  });

  it('lmw in little-endian mode is an Alignment interrupt with DAR = EA', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 4, 0x10
      .long 0xbb840008        # lmw 28, 8(4): GNU as refuses it in little-endian mode`), LE);
    expect(runToHypercall(cpu)).toBe(0x600);
    expect(cpu.state.spr(SPR_DAR)).toBe(0x100008n);
  });

  it('an FP instruction with MSR[FP]=0 is FP Unavailable; with FP=1 it runs', () => {
    const a = makeSystemMachine(bareMetal(`fadd 1, 2, 3`), LE);
    expect(runToHypercall(a.cpu)).toBe(0x800);
    expect(a.cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY));
    const b = makeSystemMachine(bareMetal(`
      fadd 1, 2, 3
      li 3, 77
      sc 1`), { ...LE, msrLo: MSR_FP });
    expect(runToHypercall(b.cpu)).toBe(77);
  });

  it('the decrementer interrupts at 0x900 once DEC is negative and MSR[EE]=1', () => {
    // no wall-clock window: the guest reads the time base before setting DEC, and the
    // test checks that at least DEC's worth of ticks had passed when the interrupt came
    const { cpu } = makeSystemMachine(bareMetal(`
      mftb 7
      lis 4, 0x20             # 2M ticks: about 4 ms
      mtdec 4
      mfmsr 5
      ori 5, 5, ${MSR_EE}
      mtmsrd 5, 1
    1: addi 6, 6, 1
      b 1b`), LE);
    expect(runToHypercall(cpu, 50_000_000)).toBe(0x900);
    cpu.clock.read();
    const now = BigInt(cpu.clock.hi >>> 0) * 0x100000000n + BigInt(cpu.clock.lo >>> 0);
    expect(now - cpu.state.gpr(7)).toBeGreaterThanOrEqual(0x200000n);
    const srr0 = Number(cpu.state.spr(SPR_SRR0));
    expect([ENTRY + 24, ENTRY + 28]).toContain(srr0);
    expect(cpu.state.spr(SPR_SRR1) & BigInt(MSR_EE)).toBe(BigInt(MSR_EE));
  });

  it('msgsndp to this thread raises the directed privileged doorbell at 0xA00 when EE=1', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 4, 0x2800           # message type 5 (privileged doorbell), thread 0
      msgsndp 4
      li 7, 1
      mfmsr 5
      ori 5, 5, ${MSR_EE}
      mtmsrd 5, 1
    1: b 1b`), LE);
    expect(runToHypercall(cpu)).toBe(0xa00);
    expect(cpu.state.gpr(7)).toBe(1n);
  });

  it('MSR[SE] set through rfid: the first instruction at SRR0 runs, then Trace with SRR0 = the next one', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 5, target@h
      ori 5, 5, target@l
      mtsrr0 5
      mfmsr 6
      ori 6, 6, ${MSR_SE}
      mtsrr1 6
      rfid
    target:
      addi 8, 8, 1
      addi 8, 8, 1`), LE);
    expect(runToHypercall(cpu)).toBe(0xd00);
    expect(cpu.state.gpr(8)).toBe(1n);
    const target = ENTRY + 4 * 7;
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(target + 4));
    const srr1 = cpu.state.spr(SPR_SRR1);
    expect(srr1 & BigInt(MSR_SE)).toBe(BigInt(MSR_SE));
    expect(srr1 & 0x783f0000n).toBe(0x40000000n);
    // the handler runs with SE clear
    expect(cpu.state.msr & BigInt(MSR_SE)).toBe(0n);
  });

  it('rfid does not load SRR1 bits 33:36 and 42:47 into the MSR', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 5, target@h
      ori 5, 5, target@l
      mtsrr0 5
      mfmsr 6
      oris 6, 6, 0x4008       # SRR1 | 0x40080000: interrupt-reason bits
      mtsrr1 6
      rfid
    target:
      mfmsr 7
      li 3, 9
      sc 1`), LE);
    expect(runToHypercall(cpu)).toBe(9);
    expect(cpu.state.gpr(7) & 0x783f0000n).toBe(0n);
  });

  it('MSR[SE] set by mtmsrd traces from the following instruction on; sc is never traced', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      mfmsr 6
      ori 6, 6, ${MSR_SE}
      mtmsrd 6
      addi 8, 8, 1`), LE);
    expect(runToHypercall(cpu)).toBe(0xd00);
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 16));
    const b = makeSystemMachine(bareMetal(`
      mfmsr 6
      ori 6, 6, ${MSR_SE}
      mtmsrd 6
      sc`), LE);
    expect(runToHypercall(b.cpu)).toBe(0xc00);
  });

  it('CIABR: a Trace interrupt after the named instruction, SRR1 bit 43', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 5, spot@h
      ori 5, 5, spot@l
      ori 5, 5, 2             # privileged, non-hypervisor
      mtspr 187, 5
      addi 8, 8, 1
    spot:
      addi 8, 8, 1
      addi 8, 8, 1`), LE);
    expect(runToHypercall(cpu)).toBe(0xd00);
    expect(cpu.state.gpr(8)).toBe(2n);
    expect(cpu.state.spr(SPR_SRR1) & 0x783f0000n).toBe(0x00100000n);
  });

  it('DAWR0: a matching store is a DSI before the access, DSISR DABR-match and store bits', () => {
    const { cpu, memory } = makeSystemMachine(bareMetal(`
      lis 4, 0x10
      mtspr 180, 4            # DAWR0 = 0x100000
      li 5, 0x62              # DAWRX0: DW | DR | PRIV, one doubleword
      mtspr 188, 5
      li 6, 99
      stw 6, 0x100(4)         # outside: fine
      stw 6, 4(4)             # inside`), LE);
    expect(runToHypercall(cpu)).toBe(0x300);
    expect(cpu.state.spr(SPR_DAR)).toBe(0x100004n);
    expect(cpu.state.spr(SPR_DSISR)).toBe(0x02400000n);
    expect(memory.read32(0x100100, true)).toBe(99);
    expect(memory.read32(0x100004, true)).toBe(0);
  });

  it('a real-mode access past guest RAM exits as MMIO with the real address', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 4, 0x4000
      lwz 5, 0(4)`), LE);
    expect(run(cpu, 1000)).toBe(Exit.Mmio);
    expect(cpu.exitAddressLo).toBe(0x40000000);
    expect(cpu.state.nip).toBe(BigInt(ENTRY + 4));
  });

  it('hypervisor SPRs and instructions exit as HEAI; PVR and PIR read as a POWER9 thread', () => {
    const a = makeSystemMachine(bareMetal(`
      mfpvr 4
      mfspr 5, 1023
      mfspr 6, 318            # LPCR: readable
      mtspr 318, 6            # not writable by a guest`), LE);
    expect(run(a.cpu, 1000)).toBe(Exit.HypervisorEmulationAssistance);
    expect(a.cpu.state.gpr(4)).toBe(0x004e1202n);
    expect(a.cpu.state.gpr(5)).toBe(0n);
    expect(a.cpu.state.gpr(6)).toBe(BigInt(LPCR_ILE));
    expect(a.cpu.state.nip).toBe(BigInt(ENTRY + 12));
    const b = makeSystemMachine(bareMetal(`hrfid`), LE);
    expect(run(b.cpu, 1000)).toBe(Exit.HypervisorEmulationAssistance);
  });
});

describe('system mode: AIL, relocation and endianness', () => {
  function relocatedMachine(lpcr: number, msrLo: number, vectorBase: number) {
    const m = makeSystemMachine(bareMetal(`
      sc`, {}, vectorBase), { lpcr: LPCR_ILE | lpcr, msrLo });
    mapKernelLinear(m.memory, m.radix, 0x40000, READ | WRITE | EXEC | PRIV);
    return m;
  }

  it('AIL=3 with IR=DR=1: vector 0xC000000000004000 + offset, handler relocated', () => {
    const { cpu } = relocatedMachine(AIL3, MSR_IR | MSR_DR, 0x4000);
    expect(runToHypercall(cpu)).toBe(0xc00);
    // the stub's sc 1 left NIP after itself, in the AIL=3 alias
    expect(cpu.state.nip).toBe(0xc000000000004c08n);
    expect(cpu.state.msr & BigInt(MSR_IR | MSR_DR)).toBe(BigInt(MSR_IR | MSR_DR));
  });

  it('AIL=2 with IR=DR=1: vector 0x18000 + offset', () => {
    const { cpu } = relocatedMachine(AIL2, MSR_IR | MSR_DR, 0x18000);
    expect(runToHypercall(cpu)).toBe(0xc00);
    expect(cpu.state.nip).toBe(0x18c08n);
  });

  it('AIL is ignored when IR != DR, and in real mode', () => {
    for (const msrLo of [MSR_IR, MSR_DR, 0]) {
      const { cpu } = relocatedMachine(AIL3, msrLo, 0);
      expect(runToHypercall(cpu)).toBe(0xc00);
      expect(cpu.state.nip).toBe(0xc08n);
      expect(cpu.state.msr & BigInt(MSR_IR | MSR_DR)).toBe(0n);
    }
  });

  it('a radix DSI and ISI report DAR/DSISR and SRR1 as the ISA says', () => {
    const m = makeSystemMachine(bareMetal(`
      lis 4, 0x30             # not mapped: the map covers 0..0x40000
      lwz 5, 0(4)`), { lpcr: LPCR_ILE, msrLo: MSR_IR | MSR_DR });
    mapKernelLinear(m.memory, m.radix, 0x40000, READ | WRITE | EXEC | PRIV);
    expect(runToHypercall(m.cpu)).toBe(0x300);
    expect(m.cpu.state.spr(SPR_DAR)).toBe(0x300000n);
    expect(m.cpu.state.spr(SPR_DSISR)).toBe(0x40000000n);
    const i = makeSystemMachine(bareMetal(`
      lis 4, 0x30
      mtctr 4
      bctr`), { lpcr: LPCR_ILE, msrLo: MSR_IR | MSR_DR });
    mapKernelLinear(i.memory, i.radix, 0x40000, READ | WRITE | EXEC | PRIV);
    expect(runToHypercall(i.cpu)).toBe(0x400);
    expect(i.cpu.state.spr(SPR_SRR0)).toBe(0x300000n);
    expect(i.cpu.state.spr(SPR_SRR1) & 0x40000000n).toBe(0x40000000n);
  });

  it('big-endian firmware enters little-endian code with an rfid that sets MSR[LE]', () => {
    const firmware = bareMetal(`
      lis 5, 3
      mtsrr0 5                # the kernel at 0x30000
      mfmsr 6
      ori 6, 6, ${MSR_LE}
      mtsrr1 6
      li 4, 0x1234
      rfid`);
    const { cpu, memory } = makeSystemMachine(firmware, { bigEndian: true, lpcr: LPCR_ILE });
    const kernel = assemble(`
      lis 9, 0x10
      stw 4, 0(9)             # little-endian store
      li 3, 42
      sc 1`);
    kernel.forEach((w, i) => memory.write32(0x30000 + 4 * i, w, true));
    expect(cpu.littleEndian).toBe(false);
    expect(runToHypercall(cpu)).toBe(42);
    expect(cpu.littleEndian).toBe(true);
    expect(memory.read8(0x100000)).toBe(0x34);
  });
});

describe('system mode: more interrupt rules', () => {
  it('a big-endian guest with LPCR[ILE]=0 takes its interrupts big-endian', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      li 4, 5
      sc`), { bigEndian: true });
    expect(runToHypercall(cpu)).toBe(0xc00);
    expect(cpu.littleEndian).toBe(false);
    expect(cpu.state.spr(SPR_SRR0)).toBe(BigInt(ENTRY + 8));
  });

  it('system reset and machine check never take the AIL offset', () => {
    const { cpu } = makeSystemMachine(bareMetal(`nop`), { lpcr: LPCR_ILE | AIL3, msrLo: MSR_IR | MSR_DR });
    deliverInterrupt(cpu, Vector.SystemReset, 0, ENTRY, 0);
    expect(cpu.state.nip).toBe(0x100n);
    expect(cpu.state.msr & BigInt(MSR_IR | MSR_DR)).toBe(0n);
  });

  it('the external interrupt line raises 0x500 when MSR[EE]=1, and waits while EE=0', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      li 7, 1
      mfmsr 5
      ori 5, 5, ${MSR_EE}
    1: addi 6, 6, 1
      cmpdi 6, 1000
      bne 1b
      mtmsrd 5, 1
    2: b 2b`), LE);
    Atomics.store(cpu.controls, cpu.controlBase + CTL_EXTERNAL, 1);
    Atomics.or(cpu.controls, cpu.controlBase + CTL_REQUESTS, REQUEST_INTERRUPT_CHECK);
    expect(runToHypercall(cpu)).toBe(0x500);
    expect(cpu.state.gpr(6)).toBe(1000n);
  });
});

describe('system mode: the time base', () => {
  it('does not advance while the VM is paused, and DEC counts down from what was written', async () => {
    const clock = new GuestClock();
    clock.pause();
    const t0 = clock.ticks();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.ticks()).toBe(t0);
    clock.resume();
    const resumedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const t1 = clock.ticks();
    const resumedMs = performance.now() - resumedAt;
    expect(t1).toBeGreaterThan(t0);
    // the 512 MHz ticks of the time it ran (about 5 ms; longer on a loaded host, so it
    // is measured), nothing of the 20 ms pause
    expect(t1 - t0).toBeLessThanOrEqual(Math.ceil((resumedMs + 1) * 512_000));

    const { cpu } = makeSystemMachine(bareMetal(`
      lis 4, 0x100
      mtdec 4
      mfdec 5
      li 3, 1
      sc 1`), LE);
    cpu.clock = clock;
    clock.pause();
    expect(runToHypercall(cpu)).toBe(1);
    expect(cpu.state.gpr(5)).toBe(0x1000000n); // paused: no tick between mtdec and mfdec
    clock.resume();
  });
});

describe('system mode: other threads', () => {
  it('a TLB flush request from another vCPU drops a stale translation', () => {
    const m = makeSystemMachine(bareMetal(`
      lis 4, 0x10
    1: lwz 5, 0(4)
      b 1b`), { lpcr: LPCR_ILE, msrLo: MSR_IR | MSR_DR });
    const builder = new RadixTableBuilder(m.memory, '4k', m.memory.size - (1 << 20), m.memory.size);
    const root = builder.newRoot();
    const table = builder.alloc(4096);
    builder.setProcessEntry(table, 0, root);
    for (let pa = 0; pa < 0x40000; pa += 4096) builder.map(root, BigInt(pa), pa, 4096, READ | WRITE | EXEC | PRIV);
    const pte = builder.map(root, 0x100000n, 0x200000, 4096, READ | WRITE | PRIV);
    m.radix.setProcessTable(table, 12);
    m.memory.write32(0x200000, 111, true);
    m.memory.write32(0x300000, 222, true);
    expect(run(m.cpu, 100)).toBe(Exit.Budget);
    expect(m.cpu.state.gpr(5)).toBe(111n);
    // another vCPU rewrites the PTE to point at 0x300000, then its tlbie reaches this one
    m.memory.write32(pte + 4, (m.memory.read32(pte + 4, false) & 0xfff) | 0x300000, false);
    expect(run(m.cpu, 100)).toBe(Exit.Budget);
    expect(m.cpu.state.gpr(5)).toBe(111n); // stale, as the ISA allows until the tlbie
    Atomics.or(m.cpu.controls, m.cpu.controlBase + CTL_REQUESTS, REQUEST_FLUSH_TLB);
    expect(run(m.cpu, 100)).toBe(Exit.Budget);
    expect(m.cpu.state.gpr(5)).toBe(222n);
  });

  it('a stop request ends the run at a taken branch with NIP on the next instruction', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
    1: addi 4, 4, 1
      b 1b`), LE);
    expect(run(cpu, 1000)).toBe(Exit.Budget);
    Atomics.or(cpu.controls, cpu.controlBase + CTL_REQUESTS, REQUEST_STOP);
    expect(run(cpu, 1000)).toBe(Exit.StopRequested);
    expect(cpu.state.nip).toBe(BigInt(ENTRY));
    Atomics.store(cpu.controls, cpu.controlBase + CTL_REQUESTS, 0);
    expect(run(cpu, 1000)).toBe(Exit.Budget);
  });

  it('tlbie on one vCPU asks every other vCPU of the VM to flush its TLB', () => {
    const controls = newControlBlock(3);
    const { cpu } = makeSystemMachine(bareMetal(`
      li 4, 0
      tlbie 4, 0
      li 3, 1
      sc 1`), { lpcr: LPCR_ILE | LPCR_GTSE });
    cpu.controls = controls; cpu.controlBase = CONTROL_WORDS_PER_VCPU; cpu.index = 1;
    expect(runToHypercall(cpu)).toBe(1);
    expect(controls[0]).toBe(REQUEST_FLUSH_TLB);
    expect(controls[CONTROL_WORDS_PER_VCPU]).toBe(0);
    expect(controls[2 * CONTROL_WORDS_PER_VCPU]).toBe(REQUEST_FLUSH_TLB);
  });
});
