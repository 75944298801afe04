/**
 * The whole target description through gdb-multiarch: the SPRs in `info registers`
 * and by name, the vector registers (`p $vr2`, `p $vs34`) printed exactly as GDB
 * prints them from QEMU's stub for the same contents in both byte orders (fixture in
 * testing/qemu-vector-views.ts), and writes (`set $vr5`, `set $srr0`) reaching the vCPU.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { SPR_DAR, SPR_SRR0, SPR_VRSAVE, MSR_LE, W_MSR } from '@hvstep/emulator-core';
import type { Vcpu } from '@hvstep/hypervisor';
import { REGISTERS } from '@hvstep/gdbstub';
import { DebuggedGuest, GdbMi, FIRMWARE, GDB_MODELS } from './testing/gdb-session.js';
import { QEMU_VECTOR_VIEWS, LVSL_0, LVSR_0 } from './testing/qemu-vector-views.js';

jest.setTimeout(150_000);

/** The contents the QEMU fixture was taken with, plus a DAR and VRSAVE to read back. */
function loadKnownContents(vcpu: Vcpu): void {
  vcpu.state.setVsr(34, LVSL_0);
  vcpu.state.setVsr(33, LVSR_0);
  vcpu.state.setVsr(0, LVSL_0);
  vcpu.setSpr(SPR_DAR, 0xc0000000deadbee8n);
  vcpu.setSpr(SPR_VRSAVE, 0x7fn);
  vcpu.markRegistersDirty();
}

/** `p $X` through GDB/MI: the text after `$N = `. */
async function print(mi: GdbMi, expr: string): Promise<string> {
  const out = await mi.console(`print ${expr}`);
  return out.replace(/^\$\d+ = /, '').trim();
}

describe.each(GDB_MODELS)('target description on the %s model', (accel) => {
  it('kernel (little-endian) at a breakpoint: SPRs, vectors as QEMU shows them, writes', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    const mi = await GdbMi.connect(g.port);
    try {
      expect(await mi.console('break kernel_main')).toMatch(/Breakpoint 1 at/);
      const from = mi.lines.length;
      await mi.command('-exec-continue');
      expect(await mi.stopped(from)).toMatch(/reason="breakpoint-hit"/);
      const vcpu = g.machine.vm.vcpus[0]!;
      expect(vcpu.state.w[W_MSR]! & MSR_LE).not.toBe(0);
      loadKnownContents(vcpu);
      await mi.console('maintenance flush register-cache');

      const regs = await mi.console('info registers');
      for (const name of ['srr0', 'srr1', 'dar', 'dsisr', 'sprg0', 'sprg3', 'lpcr', 'pidr', 'tb', 'dec', 'hsrr0', 'hsrr1', 'ctrl', 'cfar', 'amr', 'dscr', 'ppr', 'tar', 'pvr']) {
        expect(regs).toMatch(new RegExp(`\\n${name} +0x[0-9a-f]+ `));
      }
      expect(regs).toMatch(/\npidr +0x1 /);
      expect(regs).toMatch(/\npvr +0x4e1202 /);
      expect(await print(mi, '/x $dar')).toBe('0xc0000000deadbee8');
      expect(await print(mi, '$vrsave')).toBe('127');
      // every register of the description has a value (a p packet the vCPU answers)
      const all = await mi.console('info all-registers');
      for (const r of REGISTERS.filter((x) => !/^vs\d+h$/.test(x.name))) expect(all).toMatch(new RegExp(`(^|\\n)${r.name} +[0-9{-]`));
      expect(all).not.toMatch(/unavailable|error/i);

      const qemu = QEMU_VECTOR_VIEWS.le;
      expect(await print(mi, '$vr2')).toBe(qemu.vr2);
      expect(await print(mi, '$vs34')).toBe(qemu.vs34);
      expect(await print(mi, '$vr1')).toBe(qemu.vr1);
      expect(await print(mi, '$vs33')).toBe(qemu.vs33);
      expect(await print(mi, '$vs0')).toBe(qemu.vs34);
      expect(await print(mi, '/x $vr0')).toMatch(/^\{uint128 = 0x[0-9a-f]+, v4_float = \{/);

      // element 0 of v4_int32 is the low-order word in little-endian mode
      await mi.console('set $vr5.v4_int32 = {1, 2, 3, 4}');
      expect(await print(mi, '$vr5')).toMatch(/v4_int32 = \{1, 2, 3, 4\}/);
      expect(vcpu.state.vsr(37)).toBe(0x00000004_00000003_00000002_00000001n);
      expect(await print(mi, '/x $vs37.uint128')).toBe('0x4000000030000000200000001');
      await mi.console('set $srr0 = 0x1234');
      expect(vcpu.getSpr(SPR_SRR0)).toBe(0x1234n);
      expect(await print(mi, '/x $srr0')).toBe('0x1234');
      expect(await mi.console('set $tb = 5')).toMatch(/Could not write register .*tb.*E01/);
    } finally {
      await mi.quit();
      await g.dispose();
    }
  });

  it('firmware (big-endian) at its entry: vectors as QEMU shows them, a write', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    const mi = await GdbMi.connect(g.port, { file: FIRMWARE });
    try {
      const vcpu = g.machine.vm.vcpus[0]!;
      expect(vcpu.state.w[W_MSR]! & MSR_LE).toBe(0);
      loadKnownContents(vcpu);
      await mi.console('maintenance flush register-cache');
      const qemu = QEMU_VECTOR_VIEWS.be;
      expect(await print(mi, '$vr2')).toBe(qemu.vr2);
      expect(await print(mi, '$vs34')).toBe(qemu.vs34);
      expect(await print(mi, '$vr1')).toBe(qemu.vr1);
      expect(await print(mi, '$vs33')).toBe(qemu.vs33);
      expect(await print(mi, '$vs0')).toBe(qemu.vs34);
      expect(await print(mi, '/x $dar')).toBe('0xc0000000deadbee8');
      // element 0 is the high-order word in big-endian mode
      await mi.console('set $vr5.v4_int32 = {1, 2, 3, 4}');
      expect(vcpu.state.vsr(37)).toBe(0x00000001_00000002_00000003_00000004n);
      await mi.console('set $sprg2 = 0x55');
      expect(await print(mi, '/x $sprg2')).toBe('0x55');
    } finally {
      await mi.quit();
      await g.dispose();
    }
  });
});
