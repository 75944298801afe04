import { describe, it, expect, afterEach } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  H_CPPR, H_IPI, H_XIRR, H_XIRR_X, H_EOI, H_IPOLL, H_REGISTER_VPA, H_CONFER, H_GET_CPU_CHARACTERISTICS, KVMPPC_H_RTAS,
  H_SUCCESS, H_PARAMETER, H_HARDWARE, H_RESOURCE, H_FUNCTION, KVM_EXIT_PAPR_HCALL, hcallReturnToU64,
} from '@hvstep/hypervisor';
import { Machine, EXIT_GUEST_PANIC } from '../machine.js';
import { RTAS_TOKENS } from './rtas-tokens.js';

/**
 * Exact-state tests of the platform services (docs/hypercalls.md): each hypercall
 * goes through the machine's exit dispatcher as a vCPU's KVM_EXIT_PAPR_HCALL would,
 * and the test checks r3/r4/r5, guest memory, the XICS state and the vCPUs'
 * interrupt lines. Expected values follow QEMU's spapr_hcall.c, xics.c,
 * xics_spapr.c, spapr_rtas.c and spapr_events.c for the same calls.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

let machine: Machine | undefined;
let reports: string[] = [];
afterEach(async () => { await machine?.destroy(); machine = undefined; });

function newMachine(smp = 2): Machine {
  reports = [];
  machine = new Machine({
    smp, accel: 'hv', memoryBytes: 64 << 20, inProcess: true, report: (l) => reports.push(l),
    firmware: path.join(ROOT, 'guests/system/firmware.elf'), kernel: path.join(ROOT, 'guests/system/kernel.elf'),
    console: { write: () => undefined, read: () => new Uint8Array(0) },
  });
  return machine;
}

/** One hypercall from vCPU `cpu`; returns r3 (signed) and r4, r5. */
async function hcall(m: Machine, cpu: number, nr: number, ...args: bigint[]): Promise<{ r3: bigint; r4: bigint; r5: bigint }> {
  const vcpu = m.vm.vcpus[cpu]!;
  const regs = vcpu.getRegs();
  regs.gpr[4] = 0xdeadn; regs.gpr[5] = 0xdeadn; // results a service does not write stay put
  vcpu.setRegs({ gpr: regs.gpr });
  const full = [...args, ...Array<bigint>(9).fill(0n)].slice(0, 9);
  await m.dispatcher.dispatch({ reason: 'hcall', kvmReason: KVM_EXIT_PAPR_HCALL, nr, args: full }, vcpu);
  const out = vcpu.getRegs();
  return { r3: BigInt.asIntN(64, out.gpr[3]!), r4: out.gpr[4]!, r5: out.gpr[5]! };
}

const ARGS = 0x20000;
/** An RTAS call through KVMPPC_H_RTAS with a big-endian rtas_args at ARGS; returns the hcall's r3 and the rets. */
async function rtas(m: Machine, cpu: number, token: number, args: number[], nret: number): Promise<{ r3: bigint; rets: number[] }> {
  const mem = m.vm.memory;
  [token, args.length, nret, ...args].forEach((v, i) => mem.write32(ARGS + 4 * i, v >>> 0, false));
  for (let i = 0; i < nret; i++) mem.write32(ARGS + 4 * (3 + args.length + i), 0x5a5a5a5a, false);
  const { r3 } = await hcall(m, cpu, KVMPPC_H_RTAS, BigInt(ARGS));
  return { r3, rets: Array.from({ length: nret }, (_, i) => mem.read32(ARGS + 4 * (3 + args.length + i), false)) };
}

describe('XICS presentation hypercalls', () => {
  it('H_IPI presents an IPI to the target once its CPPR lets it through; H_XIRR accepts, H_EOI ends it', async () => {
    const m = newMachine();
    const icp1 = m.xics.icps[1]!;
    expect(icp1).toEqual({ xirr: 0, pendingPriority: 0xff, mfrr: 0xff });
    // CPPR 0 (the reset value) masks everything: the IPI waits in the MFRR
    expect((await hcall(m, 0, H_IPI, 1n, 5n)).r3).toBe(0n);
    expect(icp1).toEqual({ xirr: 0, pendingPriority: 0xff, mfrr: 5 });
    expect(m.vm.vcpus[1]!.interruptLine).toBe(false);
    // opening the CPPR presents it: XISR = 2 (IPI), pending priority 5, line up
    expect((await hcall(m, 1, H_CPPR, 0xffn)).r3).toBe(0n);
    expect(icp1).toEqual({ xirr: 0xff000002, pendingPriority: 5, mfrr: 5 });
    expect(m.vm.vcpus[1]!.interruptLine).toBe(true);
    expect(m.vm.vcpus[0]!.interruptLine).toBe(false);
    // H_IPOLL looks without accepting
    expect(await hcall(m, 1, H_IPOLL)).toEqual({ r3: 0n, r4: 0xff000002n, r5: 5n });
    // H_XIRR accepts: r4 = the old XIRR, CPPR becomes the priority, line down
    expect(await hcall(m, 1, H_XIRR)).toEqual({ r3: 0n, r4: 0xff000002n, r5: 0xdeadn });
    expect(icp1).toEqual({ xirr: 0x05000000, pendingPriority: 0xff, mfrr: 5 });
    expect(m.vm.vcpus[1]!.interruptLine).toBe(false);
    // the handler clears the MFRR, then EOIs with the XIRR it got: CPPR 0xff again, nothing pending
    await hcall(m, 0, H_IPI, 1n, 0xffn);
    expect((await hcall(m, 1, H_EOI, 0xff000002n)).r3).toBe(0n);
    expect(icp1).toEqual({ xirr: 0xff000000, pendingPriority: 0xff, mfrr: 0xff });
    expect(m.vm.vcpus[1]!.interruptLine).toBe(false);
  });

  it('an EOI with the MFRR still set presents the IPI again; H_XIRR_X adds the time base', async () => {
    const m = newMachine();
    await hcall(m, 0, H_CPPR, 0xffn);
    await hcall(m, 0, H_IPI, 0n, 4n);
    const before = BigInt(Math.floor(m.vm.clock.ticks()));
    const x = await hcall(m, 0, H_XIRR_X);
    expect(x.r4).toBe(0xff000002n);
    expect(x.r5).toBeGreaterThanOrEqual(before);
    await hcall(m, 0, H_EOI, 0xff000002n);
    expect(m.xics.icps[0]).toEqual({ xirr: 0xff000002, pendingPriority: 4, mfrr: 4 });
    expect(m.vm.vcpus[0]!.interruptLine).toBe(true);
  });

  it('a more favoured CPPR takes back what it now masks', async () => {
    const m = newMachine();
    await hcall(m, 0, H_CPPR, 0xffn);
    await hcall(m, 1, H_IPI, 0n, 6n);
    expect(m.vm.vcpus[0]!.interruptLine).toBe(true);
    await hcall(m, 0, H_CPPR, 6n);
    expect(m.xics.icps[0]).toEqual({ xirr: 0x06000000, pendingPriority: 0xff, mfrr: 6 });
    expect(m.vm.vcpus[0]!.interruptLine).toBe(false);
  });

  it('H_IPI to a server that does not exist is H_PARAMETER', async () => {
    const m = newMachine();
    expect((await hcall(m, 0, H_IPI, 2n, 5n)).r3).toBe(BigInt(H_PARAMETER));
    expect((await hcall(m, 0, H_IPI, 1n << 40n, 5n)).r3).toBe(BigInt(H_PARAMETER));
  });
});

describe('the ICS through RTAS', () => {
  const { 'ibm,set-xive': SET, 'ibm,get-xive': GET, 'ibm,int-off': OFF, 'ibm,int-on': ON } = RTAS_TOKENS;

  it('set-xive targets a source, get-xive reads it back, int-off/int-on mask and restore it', async () => {
    const m = newMachine();
    expect(await rtas(m, 0, SET, [0x1003, 1, 5], 1)).toEqual({ r3: 0n, rets: [0] });
    expect(await rtas(m, 0, GET, [0x1003], 3)).toEqual({ r3: 0n, rets: [0, 1, 5] });
    expect(await rtas(m, 0, OFF, [0x1003], 1)).toEqual({ r3: 0n, rets: [0] });
    expect(m.xics.source(0x1003)).toMatchObject({ server: 1, priority: 0xff, savedPriority: 5 });
    expect(await rtas(m, 0, GET, [0x1003], 3)).toEqual({ r3: 0n, rets: [0, 1, 0xff] });
    expect(await rtas(m, 0, ON, [0x1003], 1)).toEqual({ r3: 0n, rets: [0] });
    expect(m.xics.source(0x1003)).toMatchObject({ server: 1, priority: 5, savedPriority: 5 });
  });

  it('a source fired while masked is presented when int-on unmasks it; it beats a less favoured IPI', async () => {
    const m = newMachine();
    await hcall(m, 1, H_CPPR, 0xffn);
    await rtas(m, 0, SET, [0x1010, 1, 3], 1);
    await rtas(m, 0, OFF, [0x1010], 1);
    await hcall(m, 0, H_IPI, 1n, 7n);
    expect(m.xics.icps[1]).toEqual({ xirr: 0xff000002, pendingPriority: 7, mfrr: 7 });
    m.xics.setIrq(0x1010, true); // a device's message while masked: held
    expect(m.xics.icps[1]!.xirr).toBe(0xff000002);
    await rtas(m, 0, ON, [0x1010], 1);
    expect(m.xics.icps[1]).toEqual({ xirr: 0xff001010, pendingPriority: 3, mfrr: 7 });
    expect((await hcall(m, 1, H_XIRR)).r4).toBe(0xff001010n);
    // its EOI lets the waiting IPI through
    await hcall(m, 1, H_EOI, 0xff001010n);
    expect(m.xics.icps[1]).toEqual({ xirr: 0xff000002, pendingPriority: 7, mfrr: 7 });
    expect(m.vm.vcpus[1]!.interruptLine).toBe(true);
  });

  it('bad arguments are RTAS parameter errors (-3)', async () => {
    const m = newMachine();
    expect((await rtas(m, 0, SET, [0xfff, 0, 5], 1)).rets).toEqual([-3]); // below the ICS
    expect((await rtas(m, 0, SET, [0x2000, 0, 5], 1)).rets).toEqual([-3]); // past it
    expect((await rtas(m, 0, SET, [0x1000, 2, 5], 1)).rets).toEqual([-3]); // no server 2
    expect((await rtas(m, 0, SET, [0x1000, 0, 0x100], 1)).rets).toEqual([-3]);
    expect((await rtas(m, 0, SET, [0x1000, 0], 1)).rets).toEqual([-3]); // nargs
    expect((await rtas(m, 0, GET, [0x1000], 1)).rets).toEqual([-3]); // nret
    expect((await rtas(m, 0, ON, [0x2000], 1)).rets).toEqual([-3]);
    expect((await rtas(m, 0, OFF, [5], 1)).rets).toEqual([-3]);
  });
});

describe('RTAS services', () => {
  it('get-time-of-day answers the host clock in UTC', async () => {
    const m = newMachine();
    const t0 = Date.now();
    const { r3, rets } = await rtas(m, 0, RTAS_TOKENS['get-time-of-day'], [], 8);
    const t1 = Date.now();
    expect(r3).toBe(0n);
    const [status, year, month, day, hour, minute, second, ns] = rets as [number, number, number, number, number, number, number, number];
    expect(status).toBe(0);
    const t = Date.UTC(year, month - 1, day, hour, minute, second) + ns / 1e6;
    expect(t).toBeGreaterThanOrEqual(t0 - 1);
    expect(t).toBeLessThanOrEqual(t1 + 1);
    expect(ns % 1_000_000).toBe(0);
    expect((await rtas(m, 0, RTAS_TOKENS['get-time-of-day'], [], 7)).rets[0]).toBe(-3);
  });

  it('event-scan finds nothing (1) with its four arguments, -3 otherwise', async () => {
    const m = newMachine();
    expect(await rtas(m, 0, RTAS_TOKENS['event-scan'], [0xffffffff, 0, 0x30000, 0x800], 1)).toEqual({ r3: 0n, rets: [1] });
    expect((await rtas(m, 0, RTAS_TOKENS['event-scan'], [0, 0, 0], 1)).rets).toEqual([-3]);
  });

  it('query-cpu-stopped-state: 0 for a vCPU not started, -3 for one that does not exist', async () => {
    const m = newMachine();
    expect((await rtas(m, 0, RTAS_TOKENS['query-cpu-stopped-state'], [1], 2)).rets).toEqual([0, 0]);
    expect((await rtas(m, 0, RTAS_TOKENS['query-cpu-stopped-state'], [2], 2)).rets).toEqual([-3, 0x5a5a5a5a]);
  });

  it('ibm,os-term reports the message and ends the run with the panic status', async () => {
    const m = newMachine();
    new TextEncoder().encodeInto('Kernel panic - not syncing: test\n\0', m.vm.memory.u8.subarray(0x30000));
    const ended = new Promise<number>((resolve) => m.onFinish(resolve));
    expect(await rtas(m, 0, RTAS_TOKENS['ibm,os-term'], [0x30000], 1)).toEqual({ r3: 0n, rets: [0] });
    expect(await ended).toBe(EXIT_GUEST_PANIC);
    expect(reports).toContain('hvstep: the guest terminated (RTAS ibm,os-term): Kernel panic - not syncing: test');
  });

  it("power-off with Linux's -1, -1 (no power-on time) ends with status 0", async () => {
    const m = newMachine();
    const ended = new Promise<number>((resolve) => m.onFinish(resolve));
    await rtas(m, 0, RTAS_TOKENS['power-off'], [0xffffffff, 0xffffffff], 1);
    expect(await ended).toBe(0);
  });

  it('an unknown token: status -3 and H_PARAMETER, as QEMU answers', async () => {
    const m = newMachine();
    expect(await rtas(m, 0, 0x2fff, [1], 1)).toEqual({ r3: BigInt(H_PARAMETER), rets: [-3] });
  });
});

describe('shared-processor hypercalls', () => {
  const REG_VPA = 1n << 45n, REG_DTL = 2n << 45n, DEREG_VPA = 5n << 45n, DEREG_DTL = 6n << 45n;
  const VPA = 0x40000;

  it('H_REGISTER_VPA checks the area as QEMU does and marks the partition shared-processor', async () => {
    const m = newMachine();
    const mem = m.vm.memory;
    mem.write16(VPA + 4, 640, false);
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 1n, BigInt(VPA))).r3).toBe(0n);
    expect(m.splpar.areas[1]).toEqual({ vpa: VPA, slbShadow: 0, dtl: 0 });
    expect(mem.read8(VPA + 9)).toBe(2); // lppaca shared_proc
    expect(m.splpar.areas[0]!.vpa).toBe(0);
    // misaligned, too small, across a page, at 0, a cpu that does not exist
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 0n, BigInt(VPA + 64))).r3).toBe(BigInt(H_PARAMETER));
    mem.write16(VPA + 0x1000 + 4, 639, false);
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 0n, BigInt(VPA + 0x1000))).r3).toBe(BigInt(H_PARAMETER));
    mem.write16(VPA + 0xf80 + 4, 640, false);
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 0n, BigInt(VPA + 0xf80))).r3).toBe(BigInt(H_PARAMETER));
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 0n, 0n)).r3).toBe(BigInt(H_HARDWARE));
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 2n, BigInt(VPA))).r3).toBe(BigInt(H_PARAMETER));
  });

  it('a DTL needs a VPA, and the VPA cannot go while the DTL is registered', async () => {
    const m = newMachine();
    const mem = m.vm.memory;
    mem.write16(VPA + 4, 640, false);
    mem.write32(0x50000 + 4, 48, false);
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_DTL, 0n, 0x50000n)).r3).toBe(BigInt(H_RESOURCE));
    await hcall(m, 0, H_REGISTER_VPA, REG_VPA, 0n, BigInt(VPA));
    expect((await hcall(m, 0, H_REGISTER_VPA, REG_DTL, 0n, 0x50000n)).r3).toBe(0n);
    expect((await hcall(m, 0, H_REGISTER_VPA, DEREG_VPA, 0n, 0n)).r3).toBe(BigInt(H_RESOURCE));
    expect((await hcall(m, 0, H_REGISTER_VPA, DEREG_DTL, 0n, 0n)).r3).toBe(0n);
    expect((await hcall(m, 0, H_REGISTER_VPA, DEREG_VPA, 0n, 0n)).r3).toBe(0n);
    expect(m.splpar.areas[0]).toEqual({ vpa: 0, slbShadow: 0, dtl: 0 });
  });

  it('H_CONFER: -1 and a real target succeed, a target that does not exist is H_PARAMETER', async () => {
    const m = newMachine();
    expect((await hcall(m, 0, H_CONFER, hcallReturnToU64(-1), 0n)).r3).toBe(0n);
    expect((await hcall(m, 0, H_CONFER, 1n, 3n)).r3).toBe(0n);
    expect((await hcall(m, 0, H_CONFER, 2n, 3n)).r3).toBe(BigInt(H_PARAMETER));
  });

  it('H_GET_CPU_CHARACTERISTICS: no mitigation needed (QEMU with every speculation cap fixed)', async () => {
    const m = newMachine();
    expect(await hcall(m, 0, H_GET_CPU_CHARACTERISTICS)).toEqual({ r3: BigInt(H_SUCCESS), r4: 0x0400000000000000n, r5: 0x81c0000000000000n });
  });

  it('a hypercall nobody serves is H_FUNCTION', async () => {
    const m = newMachine();
    expect((await hcall(m, 0, 0xf080)).r3).toBe(BigInt(H_FUNCTION));
  });
});
