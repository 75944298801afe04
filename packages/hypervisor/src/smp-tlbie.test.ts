import { describe, it, expect, afterEach } from '@jest/globals';
import { RadixTableBuilder, READ, WRITE, EXEC, PRIV } from '@hvstep/emulator-core/test-support';
import { LPCR_UPRT, LPCR_HR, LPCR_GTSE, MSR_IR, MSR_DR } from '@hvstep/emulator-core';
import { Vm } from './vm.js';
import { ExitDispatcher } from './dispatcher.js';
import { loadGuest, startAt } from './test-guest.js';
import { H_SUCCESS } from './kvm/constants.js';

const vms: Vm[] = [];
afterEach(async () => { await Promise.all(vms.splice(0).map((vm) => vm.destroy())); });

/*
 * Radix TLB shootdown between vCPU threads (Book III 6.10.1): vCPU 1 caches the
 * translation of EA, vCPU 0 repoints its PTE and issues tlbie (or only tlbiel), and
 * vCPU 1 must (or must not) see the new page. Each vCPU runs on its own worker.
 */
const EA = 0x100000, OLD_PAGE = 0x200000, NEW_PAGE = 0x300000, FLAG = 0x30000;
const SAW_NEW = 0x6001, STAYED_OLD = 0x6002, WROTE = 0x6000;

const guest = (invalidate: string) => `
      lis 4, ${EA >> 16}
      lis 20, ${FLAG >> 16}
      cmpdi 3, 0
      beq writer
      lwz 5, 0(4)             # vCPU 1: translate EA once
      li 6, 1
      stw 6, 0(20)            # and say so
      lis 7, 0x40             # then look 4M times for the new page
      mtctr 7
    1: lwz 5, 0(4)
      cmpwi 5, 222
      beq 2f
      bdnz 1b
      li 3, ${STAYED_OLD}
      sc 1
    2: li 3, ${SAW_NEW}
      sc 1
    writer:                   # vCPU 0: once vCPU 1 holds the translation
      lwz 6, 0(20)
      cmpwi 6, 1
      bne writer
      stdbrx 9, 0, 8          # the PTE (big-endian) now maps NEW_PAGE
      ptesync
      ${invalidate}
      eieio
      tlbsync
      ptesync
      li 3, ${WROTE}
      sc 1`;

async function shootdown(invalidate: string): Promise<number[]> {
  const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: 2 });
  vms.push(vm);
  loadGuest(vm, guest(invalidate));
  const memory = vm.memory;
  const b = new RadixTableBuilder(memory, '4k', memory.size - (1 << 20), memory.size);
  const root = b.newRoot();
  const table = b.alloc(4096);
  b.setProcessEntry(table, 0, root);
  for (let pa = 0; pa < 0x40000; pa += 4096) b.map(root, BigInt(pa), pa, 4096, READ | WRITE | EXEC | PRIV);
  for (let pa = memory.size - (1 << 20); pa < memory.size; pa += 4096) b.map(root, BigInt(pa), pa, 4096, READ | WRITE | PRIV);
  const pte = b.map(root, BigInt(EA), OLD_PAGE, 4096, READ | WRITE | PRIV);
  memory.write32(OLD_PAGE, 111, true);
  memory.write32(NEW_PAGE, 222, true);
  vm.partition.setProcessTable(table, 12);
  vm.partition.updateLpcr(LPCR_UPRT | LPCR_HR | LPCR_GTSE, LPCR_UPRT | LPCR_HR | LPCR_GTSE);
  const oldPte = (BigInt(memory.read32(pte, false) >>> 0) << 32n) | BigInt(memory.read32(pte + 4, false) >>> 0);

  const vcpus = [vm.createVcpu(), vm.createVcpu()];
  vcpus.forEach((v) => startAt(v, { msrLo: MSR_IR | MSR_DR }));
  const regs = vcpus[0]!.getRegs();
  regs.gpr[8] = BigInt(pte);
  regs.gpr[9] = (oldPte & ~0x000f_ffff_ffff_f000n) | BigInt(NEW_PAGE);
  regs.gpr[10] = BigInt(EA); // IS=0, AP=0 (4K)
  regs.gpr[11] = 0n; // PID 0
  vcpus[0]!.setRegs({ gpr: regs.gpr });

  const reported: number[] = [0, 0];
  const d = new ExitDispatcher(vm);
  for (const code of [WROTE, SAW_NEW, STAYED_OLD]) d.hcall(code, (_e, v) => { reported[v.index] = code; return H_SUCCESS; });
  d.on('intr', () => 'resume');
  await Promise.all(vcpus.map(async (v) => {
    while (reported[v.index] === 0) await d.dispatch(await v.run(), v);
  }));
  return reported;
}

describe('tlbie between vCPU threads', () => {
  it('a tlbie on vCPU 0 reaches the translation vCPU 1 cached: vCPU 1 sees the new page', async () => {
    expect(await shootdown('tlbie 10, 11, 0, 1, 1')).toEqual([WROTE, SAW_NEW]);
  }, 60_000);

  it('with only a tlbiel, vCPU 1 keeps its cached translation (4M loads of the old page)', async () => {
    expect(await shootdown('tlbiel 10, 11, 0, 1, 1')).toEqual([WROTE, STAYED_OLD]);
  }, 60_000);
});
