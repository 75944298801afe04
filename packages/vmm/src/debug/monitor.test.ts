import { describe, it, expect, afterEach } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPR_SRR0, SPR_DAR, SPR_CIABR, SPR_HSRR1 } from '@hvstep/emulator-core';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { Machine } from '../machine.js';
import type { ConsoleIo } from '../papr/console.js';
import { runMonitorCommand, type MonitorHost } from './monitor.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

class NullConsole implements ConsoleIo {
  out = '';
  write(bytes: Uint8Array): void { this.out += new TextDecoder().decode(bytes); }
  read(): Uint8Array { return new Uint8Array(0); }
}

let machines: Machine[] = [];
afterEach(async () => {
  for (const m of machines) await m.destroy();
  machines = [];
});

/** The bundled firmware + kernel on an in-process VM, not yet run. */
function host(accel: HypervisorModel, smp = 2): MonitorHost & { console: NullConsole } {
  const console = new NullConsole();
  const machine = new Machine({
    smp, accel, memoryBytes: 64 << 20, console, inProcess: true, timeoutMs: 60_000,
    firmware: path.join(ROOT, 'guests/system/firmware.elf'), kernel: path.join(ROOT, 'guests/system/kernel.elf'),
  });
  machines.push(machine);
  return { machine, stepMode: accel === 'pr' ? 'native' : 'emulated', sstepFlags: 7, stepCounts: { armed: 12, completed: 11, foreignHits: 3 }, console };
}

describe('monitor commands', () => {
  it('help lists every command', () => {
    const h = host('hv');
    const text = runMonitorCommand(h, 'help');
    for (const c of ['help', 'info cpus', 'info registers', 'info sprs', 'model', 'sstep emulated|native|off', 'sstep-flags']) expect(text).toContain(c);
    expect(runMonitorCommand(h, '')).toBe(text);
    expect(runMonitorCommand(h, 'frobnicate')).toMatch(/^unknown monitor command 'frobnicate'/);
  });

  it('info cpus, registers and sprs at the firmware entry (big-endian, real mode)', () => {
    const h = host('hv');
    const cpus = runMonitorCommand(h, 'info cpus').split('\n');
    // vCPU 0 is set up at the firmware's _start, not yet started by run()
    expect(cpus[0]).toBe('vCPU 0 (thread 1): not started, stopped, pc 0x0000000001000000, msr 0x8000000000001000, BE, supervisor state, MMU off (real mode)');
    expect(cpus[1]).toMatch(/^vCPU 1 \(thread 2\): not started, stopped, pc 0x0+, msr 0x8000000000001000, BE, supervisor state, MMU off/);
    const vcpu0 = h.machine.vm.vcpus[0]!;
    const regs = runMonitorCommand(h, 'info registers 0');
    expect(regs).toContain('pc  0x0000000001000000  msr 0x8000000000001000 [-]');
    expect(regs).toContain(`r3  0x${vcpu0.state.gpr(3).toString(16).padStart(16, '0')}`); // the device tree
    expect(regs).toMatch(/r28 0x0+  r29 0x0+  r30 0x0+  r31 0x0+\n/);
    expect(regs).toMatch(/cr  0x00000000  lr  0x0+  ctr 0x0+  xer 0x00000000/);
    expect(runMonitorCommand(h, 'info registers')).toBe(regs);
    vcpu0.setSpr(SPR_SRR0, 0xc000000000001234n);
    vcpu0.setSpr(SPR_DAR, 0xdeadbeefn);
    vcpu0.setSpr(SPR_CIABR, 0x1003n);
    vcpu0.setSpr(SPR_HSRR1, 0x9000000000000001n);
    const sprs = runMonitorCommand(h, 'info sprs 0');
    expect(sprs).toContain('SRR0   0xc000000000001234');
    expect(sprs).toContain('DAR    0x00000000deadbeef');
    expect(sprs).toContain('CIABR  0x0000000000001003');
    expect(sprs).toContain('HSRR1  0x9000000000000001');
    expect(sprs).toContain('PVR    0x004e1202');
    expect(sprs).toMatch(/LPCR   0x0+ \(partition-wide\)\s+process table none/);
    expect(sprs).toMatch(/TB     0x[0-9a-f]{16} \(\d+\.\d{3} s of guest time/);
    expect(sprs).toMatch(/DEC    0x[0-9a-f]{8} \(last value written by mtdec\)/);
    expect(runMonitorCommand(h, 'info registers 2')).toBe("info registers: no vCPU '2' (0..1)\n");
    expect(runMonitorCommand(h, 'info sprs x')).toBe("info sprs: no vCPU 'x' (0..1)\n");
    expect(runMonitorCommand(h, 'info tlb')).toMatch(/^info: unknown 'tlb'/);
  });

  it('info cpus after the guest ran: little-endian kernel with the MMU on; LPCR has ILE and AIL=3', async () => {
    // one vCPU: an in-process VM runs its vCPUs on this thread, one at a time
    const h = host('hv', 1);
    expect(await h.machine.run()).toBe(0);
    expect(h.console.out).toContain('kernel: all done');
    const cpus = runMonitorCommand(h, 'info cpus').split('\n');
    expect(cpus[0]).toMatch(/^vCPU 0 \(thread 1\): (not )?started, stopped, pc 0xc000000000[0-9a-f]+, msr 0x80000000000[0-9a-f]{5}, LE, supervisor state, MMU on$/);
    const sprs = runMonitorCommand(h, 'info sprs 0');
    // H_SET_MODE set ILE (LPCR bit 38) and AIL=3 (bits 39:40) for the whole partition;
    // H_REGISTER_PROC_TBL (radix, GTSE) set UPRT (41), HR (43) and GTSE (53), as QEMU does
    expect(sprs).toMatch(/LPCR   0x0000000003d00400 \(partition-wide\)\s+process table 0x31000 \(size 2\^\d+\)/);
    expect(sprs).toMatch(/PID    0x00000001/);
    expect(runMonitorCommand(h, 'info registers 0')).toMatch(/msr 0x80000000000[0-9a-f]{5} \[(EE )?IR DR LE\]/);
  });

  it('model and sstep on both hypervisor models', () => {
    const hv = host('hv', 1);
    expect(runMonitorCommand(hv, 'model')).toBe(
      'hypervisor model: hv (KVM-HV: the guest runs with MSR[HV]=0 and takes its own Trace interrupts)\n'
      + 'KVM_CAP_PPC_GUEST_DEBUG_SSTEP (176): 0 (KVM_GUESTDBG_SINGLESTEP is ignored)\n'
      + 'single step: emulated, sstep flags 0x7 (ENABLE NOIRQ NOTIMER)\n');
    expect(runMonitorCommand(hv, 'sstep native')).toMatch(/single step: native.*\nwarning: the hv model ignores KVM_GUESTDBG_SINGLESTEP/);
    expect(hv.stepMode).toBe('native');
    expect(runMonitorCommand(hv, 'sstep off')).toMatch(/^single step: off, .*\nwarning: steps are not attempted/);
    expect(runMonitorCommand(hv, 'sstep emulated')).toBe('single step: emulated, sstep flags 0x7 (ENABLE NOIRQ NOTIMER)\n');
    expect(runMonitorCommand(hv, 'sstep sideways')).toBe('sstep: expected one of emulated, native, off\n');
    expect(hv.stepMode).toBe('emulated');
    expect(runMonitorCommand(hv, 'sstep')).toBe('single step: emulated, sstep flags 0x7 (ENABLE NOIRQ NOTIMER)\n'
      + 'emulated steps: 12 armed, 11 completed; other vCPUs met a step breakpoint 3 time(s)\n');
    const pr = host('pr', 1);
    expect(runMonitorCommand(pr, 'model')).toContain('KVM_CAP_PPC_GUEST_DEBUG_SSTEP (176): 1 (native single step available)\nsingle step: native,');
    expect(runMonitorCommand(pr, 'sstep native')).toBe('single step: native, sstep flags 0x7 (ENABLE NOIRQ NOTIMER)\n');
  });

  it('sstep-flags sets the interrupt and timer masking, keeping ENABLE', () => {
    const h = host('hv', 1);
    expect(runMonitorCommand(h, 'sstep-flags')).toBe('single step: emulated, sstep flags 0x1 (ENABLE)\n');
    expect(h.sstepFlags).toBe(1);
    expect(runMonitorCommand(h, 'sstep-flags noirq')).toBe('single step: emulated, sstep flags 0x3 (ENABLE NOIRQ)\n');
    expect(runMonitorCommand(h, 'sstep-flags notimer')).toBe('single step: emulated, sstep flags 0x5 (ENABLE NOTIMER)\n');
    expect(runMonitorCommand(h, 'sstep-flags noirq notimer')).toBe('single step: emulated, sstep flags 0x7 (ENABLE NOIRQ NOTIMER)\n');
    expect(runMonitorCommand(h, 'sstep-flags loud')).toBe("sstep-flags: unknown 'loud' (noirq, notimer)\n");
    expect(h.sstepFlags).toBe(7);
  });
});
