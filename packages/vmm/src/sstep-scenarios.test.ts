/**
 * The single-step spec's scenarios (section 4) against the bundled guest, driven
 * through MachineDebugTarget as the GDB stub drives it, asserting the exact machine
 * state after each step. Where the emulated step (hv) and the native one (pr) must
 * agree, both run in lockstep and every step's state is compared.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { SPR_LPCR, MSR64_SE as MSR_SE } from '@hvstep/emulator-core';
import { KVM_GUESTDBG_USE_SW_BP } from '@hvstep/hypervisor';
import { DebugDriver, type DriverOptions, type StepState } from './testing/debug-driver.js';
import { SRR1_HIDE_MASK } from './debug/sstep/step-finish.js';

jest.setTimeout(120_000);

const AIL3_TRACE = 0xc000000000004d00n;
const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Nothing of the debugger in the guest's MSR: no SE, no interrupt bits. */
function expectHidden(s: StepState): void {
  expect(hex(s.msr & SRR1_HIDE_MASK)).toBe('0x0');
}

/** No interrupt-set SRR1 bit in the MSR (SE may be the guest's own). */
function expectNoInterruptBits(s: StepState): void {
  expect(hex(s.msr & (SRR1_HIDE_MASK & ~MSR_SE))).toBe('0x0');
}

function comparable(s: StepState) {
  return { nip: hex(s.nip), msr: hex(s.msr), srr0: hex(s.srr0), srr1: hex(s.srr1), lr: hex(s.lr), ctr: hex(s.ctr), cr: s.cr, gpr: s.gpr.map(hex) };
}

/** Runs `setup` on an emulated (hv) and a native (pr) machine, then `steps` steps in lockstep, comparing every state. */
async function lockstep(options: DriverOptions, setup: (d: DebugDriver) => Promise<void>, steps: number, check?: (s: StepState, i: number) => void): Promise<StepState[]> {
  const hv = new DebugDriver({ ...options, accel: 'hv' });
  const pr = new DebugDriver({ ...options, accel: 'pr' });
  const states: StepState[] = [];
  try {
    await setup(hv); await setup(pr);
    expect(comparable(hv.state())).toEqual(comparable(pr.state()));
    for (let i = 0; i < steps; i++) {
      const [a, b] = [await hv.step(0), await pr.step(0)];
      expect(a.reason).toBe('step');
      expect(b.reason).toBe('step');
      const s = hv.state();
      expect({ step: i, ...comparable(s) }).toEqual({ step: i, ...comparable(pr.state()) });
      check?.(s, i);
      states.push(s);
    }
    expect(hv.breakpointWords()).toEqual([]);
    expect(await hv.finish()).toBe(0);
    expect(await pr.finish()).toBe(0);
    expect(hv.console.out).toContain('kernel: all done');
  } finally {
    if (!hv.guestEnded) await hv.kill().catch(() => undefined);
    if (!pr.guestEnded) await pr.kill().catch(() => undefined);
  }
  return states;
}

describe('emulated single step: the spec scenarios on the bundled guest', () => {
  it('1: a plain step in the MMU-on kernel with AIL=3 uses the breakpoint at 0xc000000000004d00 and hides the trace', async () => {
    const d = new DebugDriver();
    await d.runTo(d.local('kernel_main'));
    const before = d.state();
    await d.step(0);
    expect(d.target.stepper.lastPlan?.method).toBe('trace');
    expect(hex(d.target.stepper.lastPlan!.breakpoints[0]!.ea)).toBe(hex(AIL3_TRACE));
    const after = d.state();
    expect(hex(after.nip)).toBe(hex(before.nip + 4n));
    expect(hex(after.srr0)).toBe(hex(before.srr0));
    expect(hex(after.srr1)).toBe(hex(before.srr1));
    expect(hex(after.msr)).toBe(hex(before.msr));
    expect(d.breakpointWords()).toEqual([]);
    expect(await d.finish()).toBe(0);
  });

  it('1 (lockstep): 40 steps from kernel_main match the native step exactly', async () => {
    await lockstep({}, async (d) => { await d.runTo(d.local('kernel_main')); }, 40, expectNoInterruptBits);
  });

  it('2: AIL=0 with relocation on (before the kernel asks for AIL=3) uses 0xd00', async () => {
    const d = new DebugDriver();
    await d.runTo(d.sym('h_set_mode'));
    expect(d.vcpu(0).getSpr(SPR_LPCR) & 0x1800000n).toBe(0n);
    await d.step(0);
    expect(hex(d.target.stepper.lastPlan!.breakpoints[0]!.ea)).toBe('0xd00');
    expect(hex(d.state().nip)).toBe(hex(d.sym('h_set_mode') + 4n));
    expect(await d.finish()).toBe(0);
  });

  it('3 and 25: mtmsrd to IR=1 DR=0 and back (the handler moves with the new MSR), matching the native step', async () => {
    const plans: string[] = [];
    let hv: DebugDriver | undefined;
    await lockstep({}, async (d) => {
      if (d.machine.vm.model === 'hv') hv = d;
      await d.runTo(d.sym('mixed_mode_dr_off'));
    }, 4, (s) => {
      expectHidden(s);
      plans.push(hex(hv!.target.stepper.lastPlan!.breakpoints[0]!.ea));
    });
    // mtmsrd r7 (to IR=1 DR=0: no AIL), ld with DR=0 (no AIL), mtmsrd r6 (back to IR=DR=1: AIL=3), mtmsrd r5,1
    expect(plans).toEqual(['0xd00', '0xd00', hex(AIL3_TRACE), hex(AIL3_TRACE)]);
  });

  it('4, 5, 6: enable_mmu: mtsrr0/mtsrr1 keep the guest\'s values, mfmsr sees no SE, rfid stops at SRR0', async () => {
    const states = await lockstep({}, async (d) => { await d.runTo(d.sym('enable_mmu')); }, 6, expectHidden);
    const [mflr, mtsrr0, mfmsr, ori, mtsrr1, rfid] = states as [StepState, StepState, StepState, StepState, StepState, StepState];
    expect(hex(mtsrr0.srr0)).toBe(hex(mflr.gpr[3]!));
    expect(mfmsr.gpr[3]! & MSR_SE).toBe(0n);
    expect(hex(mtsrr1.srr1)).toBe(hex(ori.gpr[3]!));
    expect(hex(rfid.nip)).toBe(hex(mtsrr1.srr0));
    expect(hex(rfid.msr)).toBe(hex(mtsrr1.srr1));
  });

  it('6: the rfid step is a breakpoint at SRR0, no trace', async () => {
    const d = new DebugDriver();
    await d.runTo(d.sym('enable_mmu_rfid'));
    const srr0 = d.state().srr0;
    await d.step(0);
    expect(d.target.stepper.lastPlan?.method).toBe('successor');
    expect(hex(d.state().nip)).toBe(hex(srr0));
    expect(await d.finish()).toBe(0);
  });

  it('7: stepping rfid with a breakpoint at SRR0 arms nothing; the breakpoint ends the step', async () => {
    const d = new DebugDriver();
    await d.runTo(d.sym('enable_mmu_rfid'));
    const srr0 = d.state().srr0;
    // GDB inserts its breakpoints before resuming; the target lies in the relocated kernel
    d.target.breakpoints.insert(d.target['view'].realAddressFor(d.vcpu(0), srr0, true)!, 'user');
    const stop = await d.step(0);
    expect(d.target.stepper.lastPlan?.method).toBe('none');
    expect(stop.reason).toBe('swbreak');
    expect(hex(d.state().nip)).toBe(hex(srr0));
    d.target.breakpoints.clear('user');
    expect(await d.finish()).toBe(0);
  });

  it('8: rfid whose SRR1 has the guest\'s SE stops in the Trace handler; the in-guest debugger still counts every step', async () => {
    const d = new DebugDriver();
    await d.runTo(d.sym('run_user_rfid'));
    await d.runTo(d.sym('run_user_rfid'));
    const before = d.state();
    expect(before.srr1 & MSR_SE).toBe(MSR_SE);
    await d.step(0);
    expect(d.target.stepper.lastPlan?.method).toBe('guest-trace');
    const at = d.state();
    expect(hex(at.nip)).toBe(hex(AIL3_TRACE));
    expect(hex(at.srr0)).toBe(hex(before.srr0 + 4n));
    expect(at.srr1 & MSR_SE).toBe(MSR_SE);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('debugger: stepped 457 user instructions');
    expect(d.console.out).toContain('debugger ok');
  });

  it('9 and 20: the big-endian firmware, its endianness-switching rfid and the little-endian kernel after it', async () => {
    await lockstep({}, async (d) => { await d.runTo(d.local('firmware_main')); }, 3, expectHidden);
    const states = await lockstep({}, async (d) => { await d.runTo(d.sym('enter_kernel_rfid')); }, 12, expectHidden);
    expect(states[0]!.msr & 1n).toBe(1n);
    expect(hex(states[0]!.nip)).toBe('0x0');
  });

  it('10: NIP at the Trace handler\'s first instruction: the displaced breakpoint at +4', async () => {
    const states = await lockstep({}, async (d) => { await d.runTo(d.sym('trace_vector_ail')); }, 3);
    expect(hex(states[0]!.nip)).toBe(hex(AIL3_TRACE + 4n));
  });

  it('11: the handler\'s first instruction is a branch: the breakpoint goes on its target', async () => {
    // the kernel writes the branch over the handler's first word while it boots: break after that
    const states = await lockstep({ bootargs: 'trace_branch' }, async (d) => { await d.runTo(d.local('kernel_main')); await d.runTo(d.sym('trace_vector_ail')); }, 3);
    const d = new DebugDriver({ bootargs: 'trace_branch' });
    expect(hex(states[0]!.nip)).toBe(hex(d.sym('trace_vector_ool')));
    await d.kill();
  });

  it('12: a GDB breakpoint on the Trace handler survives steps (use counts)', async () => {
    const d = new DebugDriver();
    await d.runTo(d.local('kernel_main'));
    expect(await d.target.insertBreakpoint('sw', AIL3_TRACE, 4)).toBe(true);
    for (let i = 0; i < 5; i++) expect((await d.step(0)).reason).toBe('step');
    expect(d.breakpointWords()).toEqual([0x4d00]);
    expect(await d.target.removeBreakpoint('sw', AIL3_TRACE, 4)).toBe(true);
    expect(d.breakpointWords()).toEqual([]);
    expect(await d.finish()).toBe(0);
  });

  it('16: stepping sc runs the system call and stops after it; with a breakpoint in do_syscall the step ends there and leaves nothing', async () => {
    const d = new DebugDriver();
    const sc = d.sym('user_main') + 24n;
    await d.runTo(d.local('kernel_main')); // user addresses translate once the MMU is on (PID 1)
    await d.runTo(sc);
    const before = d.state();
    await d.step(0);
    const after = d.state();
    expect(hex(after.nip)).toBe(hex(sc + 4n));
    expect(hex(after.msr)).toBe(hex(before.msr));
    expect(after.gpr[3]).toBe(before.gpr[5]); // write(1, hello_msg, hello_len) returned the length
    // the next one (getpid) with a breakpoint inside the kernel's handler
    await d.step(0); await d.step(0);
    expect(await d.target.insertBreakpoint('sw', d.local('do_syscall'), 4)).toBe(true);
    const stop = await d.step(0);
    expect(stop.reason).toBe('swbreak');
    expect(hex(d.state().nip)).toBe(hex(d.local('do_syscall')));
    expect(d.target.stepper.inFlight).toEqual([]);
    await d.target.removeBreakpoint('sw', d.local('do_syscall'), 4);
    expect(d.breakpointWords()).toEqual([]);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('debugger ok');
  });

  it('17: stepping the sc 1 that sets AIL=3: the next step\'s breakpoint moves to the AIL=3 handler', async () => {
    const d = new DebugDriver();
    await d.runTo(d.sym('h_set_mode'));
    for (let i = 0; i < 6; i++) await d.step(0);
    expect(hex(d.target.stepper.lastPlan!.breakpoints[0]!.ea)).toBe('0xd00');
    await d.step(0); // sc 1: H_SET_MODE(AIL=3)
    expect(hex(d.state().nip)).toBe(hex(d.sym('h_set_mode') + 28n));
    expect(d.vcpu(0).getSpr(SPR_LPCR) & 0x1800000n).toBe(0x1800000n);
    await d.step(0); // blr, traced with the new AIL
    expect(hex(d.target.stepper.lastPlan!.breakpoints[0]!.ea)).toBe(hex(AIL3_TRACE));
    expectHidden(d.state());
    expect(await d.finish()).toBe(0);
  });

  it('18: a load that takes a DSI stops at the DSI handler with SRR0/SRR1 as the guest expects, matching the native step', async () => {
    const states = await lockstep({}, async (d) => { await d.runTo(d.sym('fault_probe_load')); }, 3);
    const d = new DebugDriver();
    expect(hex(states[0]!.nip)).toBe(hex(0xc000000000004300n));
    expect(hex(states[0]!.srr0)).toBe(hex(d.sym('fault_probe_load')));
    expect(states[0]!.srr1 & MSR_SE).toBe(0n);
    await d.kill();
  });

  it('19 and 25: the kernel tracing itself (SE set by mtmsrd) keeps its trace; the mtmsrd that clears SE', async () => {
    const states = await lockstep({}, async (d) => { await d.runTo(d.sym('kstep_set_se')); }, 4);
    // mtmsrd r7 sets the guest's SE; the next step goes into the guest's Trace handler
    expect(states[0]!.msr & MSR_SE).toBe(MSR_SE);
    expect(hex(states[1]!.nip)).toBe(hex(AIL3_TRACE));
  });

  it('19 (whole self-test): stepping through kstep_selftest leaves the guest\'s count of 8 traces exact', async () => {
    const d = new DebugDriver();
    await d.runTo(d.sym('kstep_selftest'));
    for (let i = 0; i < 60; i++) await d.step(0);
    expect(d.breakpointWords()).toEqual([]);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('kernel: self-step ok: 8 kernel instructions traced');
  });

  it('22: continue from a breakpoint (GDB steps over it first), 12 system calls in a row', async () => {
    const d = new DebugDriver();
    const bp = d.local('do_syscall');
    await d.target.insertBreakpoint('sw', bp, 4);
    let hits = 0;
    for (;;) {
      const stop = await d.continueAll();
      expect(stop.reason).toBe('swbreak');
      hits++;
      await d.target.removeBreakpoint('sw', bp, 4);
      expect((await d.step(0)).reason).toBe('step');
      expect(d.state().nip).not.toBe(bp);
      await d.target.insertBreakpoint('sw', bp, 4);
      if (hits === 12) break;
    }
    await d.target.removeBreakpoint('sw', bp, 4);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('debugger: 451 trace interrupts, 6 system calls');
  });

  it('23: the pr model steps natively: nothing planted, no step record', async () => {
    const d = new DebugDriver({ accel: 'pr' });
    expect(d.target.stepMode).toBe('native');
    await d.runTo(d.local('kernel_main'));
    for (let i = 0; i < 5; i++) {
      await d.target.resume(['step']);
      expect(d.target.stepper.inFlight).toEqual([]);
      expect(d.breakpointWords()).toEqual([]);
      await d.nextStop();
    }
    expect(await d.finish()).toBe(0);
  });

  it('24: a step with no software breakpoint at all turns USE_SW_BP on (no Program interrupt)', async () => {
    const d = new DebugDriver();
    await d.runTo(d.local('kernel_main'), 'hw');
    expect(d.target.breakpoints.size).toBe(0);
    await d.target.resume(['step']);
    expect(d.vcpu(0).guestDebugControl & KVM_GUESTDBG_USE_SW_BP).toBe(KVM_GUESTDBG_USE_SW_BP);
    await d.nextStop();
    expect(hex(d.state().nip)).toBe(hex(d.local('kernel_main') + 4n));
    expect(await d.finish()).toBe(0);
  });

  it('--sstep off on hv reproduces the original failure: the step runs on', async () => {
    const d = new DebugDriver({ stepMode: 'off' });
    await d.runTo(d.local('kernel_main'));
    await d.target.resume(['step']);
    expect(await d.run).toBe(0); // no stop: the guest ran to power-off
    await d.machine.destroy();
  });
});

describe('interrupt masking during steps (QEMU sstep flags)', () => {
  it('default NOIRQ|NOTIMER: no interrupt ever diverts a step; with interrupts allowed a step stops at the decrementer vector, SE hidden', async () => {
    // the user process runs with MSR[EE]=1 and a 4 ms decrementer
    const d = new DebugDriver();
    await d.runTo(d.local('kernel_main'));
    await d.runTo(d.sym('user_compute'));
    const DEC_VECTOR = 0xc000000000004900n;
    for (let i = 0; i < 150; i++) {
      await d.step(0);
      expect(d.state().nip).not.toBe(DEC_VECTOR);
      expect(d.state().msr & 0x8000n).toBe(0x8000n);
    }
    expect(await d.target.setStepFlags(0x1)).toBe(true);
    let steps = 0;
    while (d.state().nip !== DEC_VECTOR) {
      await d.step(0);
      if (++steps > 250) throw new Error('no decrementer interrupt in 250 steps with interrupts and time allowed');
    }
    const at = d.state();
    expect(at.srr1 & MSR_SE).toBe(0n);
    expect(at.msr & MSR_SE).toBe(0n);
    expect(d.breakpointWords()).toEqual([]);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain('kernel: all done');
  });
});
