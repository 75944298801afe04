import { describe, it, expect, afterEach } from '@jest/globals';
import { SPR_SRR1, SPR_SRR0 } from '@hvstep/emulator-core';
import { Vm } from './vm.js';
import { ExitDispatcher } from './dispatcher.js';
import { loadGuest, startAt, ENTRY, SPR_LPCR } from './test-guest.js';
import { encodeGuestDebug } from './kvm/guest-debug.js';
import { MmioResponse } from './mailbox.js';
import {
  KVM_CAP_PPC_GUEST_DEBUG_SSTEP, KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_CAP_SET_GUEST_DEBUG,
  KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW_BP,
  KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_WRITE, KVMPPC_DEBUG_WATCH_READ, KVM_EXIT_DEBUG, KVM_EXIT_PAPR_HCALL, H_FUNCTION,
  H_SUCCESS,
} from './kvm/constants.js';
import { KVM_REG_PPC_DEBUG_INST, KVM_REG_PPC_DAR } from './kvm/one-reg.js';

const vms: Vm[] = [];
function newVm(options: Partial<ConstructorParameters<typeof Vm>[0]> = {}): Vm {
  const vm = new Vm({ memoryBytes: 16 << 20, inProcess: true, maxVcpus: 4, ...options });
  vms.push(vm);
  return vm;
}
afterEach(async () => { await Promise.all(vms.splice(0).map((vm) => vm.destroy())); });

const u64 = (x: number) => BigInt.asUintN(64, BigInt(x));

describe('the KVM-shaped API', () => {
  it('reports the capabilities of each model', () => {
    expect(newVm({ model: 'hv' }).checkExtension(KVM_CAP_PPC_GUEST_DEBUG_SSTEP)).toBe(0);
    const pr = newVm({ model: 'pr' });
    expect(pr.checkExtension(KVM_CAP_PPC_GUEST_DEBUG_SSTEP)).toBe(1);
    expect(pr.checkExtension(KVM_CAP_SET_GUEST_DEBUG)).toBe(1);
    expect(pr.checkExtension(KVM_CAP_GUEST_DEBUG_HW_BPS)).toBe(4);
    expect(pr.checkExtension(KVM_CAP_GUEST_DEBUG_HW_WPS)).toBe(4);
    expect(pr.checkExtension(999)).toBe(0);
  });

  it('one-reg: KVM_REG_PPC_DEBUG_INST is the software breakpoint word; SPR one-regs read the register file', () => {
    const vm = newVm();
    const vcpu = vm.createVcpu();
    expect(vcpu.getOneReg(KVM_REG_PPC_DEBUG_INST)).toBe(0x00dddd00n);
    vcpu.setOneReg(KVM_REG_PPC_DAR, 0xc000000000001234n);
    expect(vcpu.getSpr(19)).toBe(0xc000000000001234n);
    expect(() => vcpu.setOneReg(KVM_REG_PPC_DEBUG_INST, 0n)).toThrow(RangeError);
    expect(() => vcpu.getOneReg(0x1234n)).toThrow(RangeError);
  });

  it('a hypercall the hypervisor does not handle exits to userspace with nr = r3 and args r4-r12; unknown returns H_FUNCTION', async () => {
    const vm = newVm();
    loadGuest(vm, `
      li 4, 11
      li 5, 22
      li 12, 99
      li 3, 0x7777
      sc 1
      mr 20, 3
      li 3, 0x7778
      sc 1`);
    const vcpu = vm.createVcpu();
    startAt(vcpu);
    const exit = await vcpu.run();
    expect(exit.reason).toBe('hcall');
    expect(exit.kvmReason).toBe(KVM_EXIT_PAPR_HCALL);
    if (exit.reason !== 'hcall') return;
    expect(exit.nr).toBe(0x7777);
    expect(exit.args[0]).toBe(11n);
    expect(exit.args[1]).toBe(22n);
    expect(exit.args[8]).toBe(99n);
    const d = new ExitDispatcher(vm).hcall(0x7778, () => H_SUCCESS);
    expect(await d.dispatch(exit, vcpu)).toBe('resume');
    const second = await vcpu.run();
    expect(second.reason === 'hcall' && second.nr).toBe(0x7778);
    expect(vcpu.getRegs().gpr[20]).toBe(u64(H_FUNCTION));
  });

  it('H_SET_MODE sets AIL and ILE for the whole partition; H_RANDOM answers in the hypervisor', async () => {
    const vm = newVm();
    loadGuest(vm, `
      li 3, 0x31c             # H_SET_MODE
      li 4, 3                 # mflags: AIL = 3
      li 5, 3                 # resource: address translation mode
      li 6, 0
      li 7, 0
      sc 1
      mr 20, 3
      li 3, 0x31c
      li 4, 1                 # AIL = 1 is reserved
      li 5, 3
      sc 1
      mr 21, 3
      li 3, 0x300             # H_RANDOM
      sc 1
      mr 22, 3
      mr 23, 4
      mfspr 24, 318
      li 3, 0x6999
      sc 1`);
    const vcpu = vm.createVcpu();
    const other = vm.createVcpu();
    startAt(vcpu);
    const exit = await vcpu.run();
    expect(exit.reason === 'hcall' && exit.nr).toBe(0x6999);
    const g = vcpu.getRegs().gpr;
    expect(g[20]).toBe(0n);
    expect(g[21]).toBe(u64(-256));
    expect(g[22]).toBe(0n);
    expect(g[24]! & 0x01800000n).toBe(0x01800000n);
    expect(vm.partition.lpcrLo & 0x01800000).toBe(0x01800000);
    // the other vCPU sees the partition's LPCR when it runs
    startAt(other);
    await other.run();
    expect(other.getSpr(SPR_LPCR) & 0x01800000n).toBe(0x01800000n);
  });

  it('HEAI: the debug word with USE_SW_BP is KVM_EXIT_DEBUG at 0xE40; without it, and for illegal words, a Program interrupt', async () => {
    for (const bigEndian of [false, true]) {
      const vm = newVm();
      loadGuest(vm, `
        nop
        .long 0x00dddd00
        li 3, 0x4444
        sc 1`, {}, { bigEndian });
      const vcpu = vm.createVcpu();
      startAt(vcpu, { bigEndian });
      vcpu.setGuestDebug(encodeGuestDebug(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP, []));
      const exit = await vcpu.run();
      expect(exit.kvmReason).toBe(KVM_EXIT_DEBUG);
      expect(exit.reason === 'debug' && exit.exception).toBe(0xe40);
      expect(exit.reason === 'debug' && exit.pc).toBe(BigInt(ENTRY + 4));
      // without USE_SW_BP the same word is an illegal instruction for the guest
      vcpu.setGuestDebug(encodeGuestDebug(0, []));
      const second = await vcpu.run();
      expect(second.reason === 'hcall' && second.nr).toBe(0x700);
      expect(vcpu.getSpr(SPR_SRR0)).toBe(BigInt(ENTRY + 4));
      expect(vcpu.getSpr(SPR_SRR1) & 0x783f0000n).toBe(0x00080000n);
    }
  });

  it('SINGLESTEP: the pr model steps natively; the hv model stores it and runs on', async () => {
    const body = `
      addi 4, 4, 1
      addi 4, 4, 1
      addi 4, 4, 1
      li 3, 0x5555
      sc 1`;
    const pr = newVm({ model: 'pr' });
    loadGuest(pr, body);
    const p = pr.createVcpu();
    startAt(p);
    p.setGuestDebug(encodeGuestDebug(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP, []));
    for (let i = 1; i <= 3; i++) {
      const exit = await p.run();
      expect(exit.reason === 'debug' && exit.exception).toBe(0xd00);
      expect(exit.reason === 'debug' && exit.pc).toBe(BigInt(ENTRY + 4 * i));
      expect(p.getRegs().gpr[4]).toBe(BigInt(i));
      // the guest never sees MSR[SE]
      expect(p.getRegs().msr & 0x400n).toBe(0n);
    }
    const hv = newVm({ model: 'hv' });
    loadGuest(hv, body);
    const h = hv.createVcpu();
    startAt(h);
    h.setGuestDebug(encodeGuestDebug(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP, []));
    const exit = await h.run();
    expect(exit.reason === 'hcall' && exit.nr).toBe(0x5555);
    expect(h.getRegs().gpr[4]).toBe(3n);
    expect(h.guestDebugControl & KVM_GUESTDBG_SINGLESTEP).toBe(KVM_GUESTDBG_SINGLESTEP);
  });

  it('hardware breakpoint: stops before the instruction, resumes past it, stops again next time', async () => {
    const vm = newVm();
    loadGuest(vm, `
      li 5, 3
    1: addi 4, 4, 1
      addi 5, 5, -1
      cmpdi 5, 0
      bne 1b
      li 3, 0x6666
      sc 1`);
    const vcpu = vm.createVcpu();
    startAt(vcpu);
    vcpu.setGuestDebug(encodeGuestDebug(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP, [{ addr: BigInt(ENTRY + 4), type: KVMPPC_DEBUG_BREAKPOINT }]));
    for (let i = 0; i < 3; i++) {
      const exit = await vcpu.run();
      expect(exit.reason === 'debug' && exit.status).toBe(KVMPPC_DEBUG_BREAKPOINT);
      expect(exit.reason === 'debug' && exit.pc).toBe(BigInt(ENTRY + 4));
      expect(vcpu.getRegs().gpr[4]).toBe(BigInt(i));
    }
    const last = await vcpu.run();
    expect(last.reason === 'hcall' && last.nr).toBe(0x6666);
  });

  it('hardware watchpoints stop before the access with the data address; resuming performs it', async () => {
    const vm = newVm();
    loadGuest(vm, `
      lis 9, 0x10
      li 6, 7
      stw 6, 0x40(9)          # not watched
      stw 6, 0(9)             # watched for writes
      lwz 7, 0(9)             # watched for reads too
      li 3, 0x6767
      sc 1`);
    const vcpu = vm.createVcpu();
    startAt(vcpu);
    vcpu.setGuestDebug(encodeGuestDebug(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP,
      [{ addr: 0x100000n, type: KVMPPC_DEBUG_WATCH_WRITE | KVMPPC_DEBUG_WATCH_READ }]));
    const w = await vcpu.run();
    expect(w.reason === 'debug' && w.status).toBe(KVMPPC_DEBUG_WATCH_WRITE);
    expect(w.reason === 'debug' && w.address).toBe(0x100000n);
    expect(w.reason === 'debug' && w.pc).toBe(BigInt(ENTRY + 12));
    expect(vm.memory.read32(0x100000, true)).toBe(0);
    expect(vm.memory.read32(0x100040, true)).toBe(7);
    const r = await vcpu.run();
    expect(vm.memory.read32(0x100000, true)).toBe(7);
    expect(r.reason === 'debug' && r.status).toBe(KVMPPC_DEBUG_WATCH_READ);
    expect(r.reason === 'debug' && r.pc).toBe(BigInt(ENTRY + 16));
    const done = await vcpu.run();
    expect(done.reason === 'hcall' && done.nr).toBe(0x6767);
    expect(vcpu.getRegs().gpr[7]).toBe(7n);
  });

  it('a real address past RAM is an MMIO exit; userspace picks skip or machine check', async () => {
    const vm = newVm();
    loadGuest(vm, `
      lis 9, 0x4000
      lwz 5, 0(9)
      stw 5, 0(9)
      li 3, 0x6868
      sc 1`);
    const vcpu = vm.createVcpu();
    startAt(vcpu);
    const m = await vcpu.run();
    expect(m.reason).toBe('mmio');
    if (m.reason !== 'mmio') return;
    expect(m.physAddr).toBe(0x40000000n);
    expect(m.isWrite).toBe(false);
    vcpu.setMmioResponse(MmioResponse.Skip);
    const s = await vcpu.run();
    expect(s.reason === 'mmio' && s.isWrite).toBe(true);
    vcpu.setMmioResponse(MmioResponse.MachineCheck);
    const mc = await vcpu.run();
    expect(mc.reason === 'hcall' && mc.nr).toBe(0x200);
  });
});
