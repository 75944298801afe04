/**
 * The target description against GDB's rs6000 feature files (power64-core.xml,
 * power-fpu.xml, power-altivec.xml, power-vsx.xml): names, sizes, types and the
 * remote numbering, and p/P on the registers outside `g`.
 */
import { describe, it, expect } from '@jest/globals';
import { TARGET_XML } from './target-xml.js';
import { REGISTERS, G_PACKET_SIZE, registerByName, REG_VR0, REG_VSCR, REG_VRSAVE, REG_VS0H, REG_SPR0 } from './regmap.js';
import { SPR_REGISTERS } from './spr-registers.js';
import { FakeTarget } from './testing/fake-target.js';
import { TestClient } from './testing/test-client.js';

/** `<reg .../>` lines of one feature, as attribute maps. */
function featureRegs(feature: string): Record<string, string>[] {
  const body = new RegExp(`<feature name="${feature.replace(/\./g, '\\.')}">([\\s\\S]*?)</feature>`).exec(TARGET_XML);
  if (!body) throw new Error(`no feature ${feature}`);
  return [...body[1]!.matchAll(/<reg ([^/]*)\/>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/(\S+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

describe('target description', () => {
  it('core and fpu keep QEMU\'s numbering and the 556-byte g packet', () => {
    const core = featureRegs('org.gnu.gdb.power.core');
    expect(core.map((r) => r.name)).toEqual([...Array.from({ length: 32 }, (_, i) => `r${i}`), 'pc', 'msr', 'cr', 'lr', 'ctr', 'xer']);
    expect(core.find((r) => r.name === 'xer')).toMatchObject({ bitsize: '32', regnum: '69' });
    const fpu = featureRegs('org.gnu.gdb.power.fpu');
    expect(fpu[0]).toMatchObject({ name: 'f0', bitsize: '64', type: 'ieee_double', regnum: '32' });
    expect(fpu[32]).toMatchObject({ name: 'fpscr', bitsize: '32', regnum: '70' });
    expect(G_PACKET_SIZE).toBe(556);
  });

  it('altivec: vr0-vr31 (128 bits, vec128), vscr and vrsave (32 bits, group vector), 71-104', () => {
    const regs = featureRegs('org.gnu.gdb.power.altivec');
    expect(regs.map((r) => r.name)).toEqual([...Array.from({ length: 32 }, (_, i) => `vr${i}`), 'vscr', 'vrsave']);
    expect(regs[0]).toEqual({ name: 'vr0', bitsize: '128', type: 'vec128', regnum: String(REG_VR0) });
    expect(regs[32]).toMatchObject({ bitsize: '32', group: 'vector', regnum: String(REG_VSCR) });
    expect(regs[33]).toMatchObject({ bitsize: '32', group: 'vector', regnum: String(REG_VRSAVE) });
    // the union GDB's power-altivec.xml defines, field for field
    expect(TARGET_XML).toMatch(/<union id="vec128">\s*<field name="uint128" type="uint128"\/>\s*<field name="v4_float" type="v4f"\/>\s*<field name="v4_int32" type="v4i32"\/>\s*<field name="v8_int16" type="v8i16"\/>\s*<field name="v16_int8" type="v16i8"\/>\s*<\/union>/);
  });

  it('vsx: vs0h-vs31h (64 bits), 105-136', () => {
    const regs = featureRegs('org.gnu.gdb.power.vsx');
    expect(regs.map((r) => r.name)).toEqual(Array.from({ length: 32 }, (_, i) => `vs${i}h`));
    expect(regs[31]).toEqual({ name: 'vs31h', bitsize: '64', type: 'uint64', regnum: String(REG_VS0H + 31) });
  });

  it('hvstep SPRs: general group, from 137, read-only ones not saved and restored', () => {
    const regs = featureRegs('org.hvstep.power.spr');
    expect(regs.map((r) => r.name)).toEqual(SPR_REGISTERS.map((r) => r.name));
    for (const name of ['dar', 'dsisr', 'srr0', 'srr1', 'sprg0', 'sprg3', 'lpcr', 'pidr', 'tb', 'dec', 'hsrr0', 'hsrr1', 'ctrl', 'cfar', 'amr', 'dscr', 'ppr', 'tar']) {
      expect(registerByName(name)?.feature).toBe('spr');
    }
    expect(regs[0]).toMatchObject({ name: 'srr0', regnum: String(REG_SPR0), group: 'general' });
    expect(regs.find((r) => r.name === 'dsisr')!.bitsize).toBe('32');
    expect(regs.find((r) => r.name === 'tb')!['save-restore']).toBe('no');
  });

  it('every register once, numbered 0..n-1 without a gap', () => {
    expect(REGISTERS.map((r) => r.regnum)).toEqual(REGISTERS.map((_, i) => i));
    expect(new Set(REGISTERS.map((r) => r.name)).size).toBe(REGISTERS.length);
    expect([...TARGET_XML.matchAll(/<reg /g)].length).toBe(REGISTERS.length);
  });

  it('p/P on a VR, a VSX half and an SPR; a read-only SPR answers P with E01', async () => {
    const c = new TestClient(new FakeTarget());
    const vr2 = (REG_VR0 + 2).toString(16);
    expect(await c.request(`p${vr2}`)).toBe('00'.repeat(16));
    expect(await c.request(`P${vr2}=${'0f'.repeat(16)}`)).toBe('OK');
    expect(await c.request(`p${vr2}`)).toBe('0f'.repeat(16));
    expect(await c.request(`P${vr2}=${'0f'.repeat(8)}`)).toBe('E01');
    expect(await c.request(`P${REG_VS0H.toString(16)}=0102030405060708`)).toBe('OK');
    const dar = registerByName('dar')!.regnum.toString(16);
    expect(await c.request(`P${dar}=00000000deadbeef`)).toBe('OK');
    expect(await c.request(`p${dar}`)).toBe('00000000deadbeef');
    expect(await c.request(`P${registerByName('tb')!.regnum.toString(16)}=0000000000000005`)).toBe('E01');
  });
});
