import { describe, it, expect } from '@jest/globals';
import { makeMachine, runToEnd } from '../../test-support/machine.js';
import { assemble } from '../../test-support/assemble.js';
import { decoder } from '../index.js';
import { vmxIntDefs } from './vmx-int.js';
import { vx1538Forms } from './vmx-bits.js';

/*
 * The VMX integer rows: binutils' encodings decode to them, and a few results that
 * do not depend on QEMU (FIPS-197's AES S-box and round, SHA-256's sigma functions,
 * VSCR[SAT], CR6) are right. Everything else is decided by difftest against QEMU 7.2.
 */

/** Every VMX integer row, written as binutils spells it. */
const SPELLINGS: Record<string, string> = {
  vabsdub: 'vabsdub 1, 2, 3', vabsduh: 'vabsduh 1, 2, 3', vabsduw: 'vabsduw 1, 2, 3',
  vmhaddshs: 'vmhaddshs 1, 2, 3, 4', vmhraddshs: 'vmhraddshs 1, 2, 3, 4', vmladduhm: 'vmladduhm 1, 2, 3, 4',
  vmrgew: 'vmrgew 1, 2, 3', vmrgow: 'vmrgow 1, 2, 3',
  vaddubm: 'vaddubm 1, 2, 3', vadduhm: 'vadduhm 1, 2, 3', vadduwm: 'vadduwm 1, 2, 3',
  vaddudm: 'vaddudm 1, 2, 3', vadduqm: 'vadduqm 1, 2, 3', vaddcuq: 'vaddcuq 1, 2, 3',
  vaddcuw: 'vaddcuw 1, 2, 3', vsububm: 'vsububm 1, 2, 3', vsubuhm: 'vsubuhm 1, 2, 3',
  vsubuwm: 'vsubuwm 1, 2, 3', vsubudm: 'vsubudm 1, 2, 3', vsubuqm: 'vsubuqm 1, 2, 3',
  vsubcuq: 'vsubcuq 1, 2, 3', vsubcuw: 'vsubcuw 1, 2, 3', vaddeuqm: 'vaddeuqm 1, 2, 3, 4',
  vaddecuq: 'vaddecuq 1, 2, 3, 4', vsubeuqm: 'vsubeuqm 1, 2, 3, 4', vsubecuq: 'vsubecuq 1, 2, 3, 4',
  vaddubs: 'vaddubs 1, 2, 3', vadduhs: 'vadduhs 1, 2, 3', vadduws: 'vadduws 1, 2, 3',
  vaddsbs: 'vaddsbs 1, 2, 3', vaddshs: 'vaddshs 1, 2, 3', vaddsws: 'vaddsws 1, 2, 3',
  vsububs: 'vsububs 1, 2, 3', vsubuhs: 'vsubuhs 1, 2, 3', vsubuws: 'vsubuws 1, 2, 3',
  vsubsbs: 'vsubsbs 1, 2, 3', vsubshs: 'vsubshs 1, 2, 3', vsubsws: 'vsubsws 1, 2, 3', vmaxub: 'vmaxub 1, 2, 3',
  vmaxuh: 'vmaxuh 1, 2, 3', vmaxuw: 'vmaxuw 1, 2, 3', vmaxud: 'vmaxud 1, 2, 3', vmaxsb: 'vmaxsb 1, 2, 3',
  vmaxsh: 'vmaxsh 1, 2, 3', vmaxsw: 'vmaxsw 1, 2, 3', vmaxsd: 'vmaxsd 1, 2, 3', vminub: 'vminub 1, 2, 3',
  vminuh: 'vminuh 1, 2, 3', vminuw: 'vminuw 1, 2, 3', vminud: 'vminud 1, 2, 3', vminsb: 'vminsb 1, 2, 3',
  vminsh: 'vminsh 1, 2, 3', vminsw: 'vminsw 1, 2, 3', vminsd: 'vminsd 1, 2, 3', vavgub: 'vavgub 1, 2, 3',
  vavguh: 'vavguh 1, 2, 3', vavguw: 'vavguw 1, 2, 3', vavgsb: 'vavgsb 1, 2, 3', vavgsh: 'vavgsh 1, 2, 3',
  vavgsw: 'vavgsw 1, 2, 3', vmuleub: 'vmuleub 1, 2, 3', vmuleuh: 'vmuleuh 1, 2, 3', vmuleuw: 'vmuleuw 1, 2, 3',
  vmulesb: 'vmulesb 1, 2, 3', vmulesh: 'vmulesh 1, 2, 3', vmulesw: 'vmulesw 1, 2, 3',
  vmuloub: 'vmuloub 1, 2, 3', vmulouh: 'vmulouh 1, 2, 3', vmulouw: 'vmulouw 1, 2, 3',
  vmulosb: 'vmulosb 1, 2, 3', vmulosh: 'vmulosh 1, 2, 3', vmulosw: 'vmulosw 1, 2, 3',
  vmuluwm: 'vmuluwm 1, 2, 3', vmsumubm: 'vmsumubm 1, 2, 3, 4', vmsummbm: 'vmsummbm 1, 2, 3, 4',
  vmsumuhm: 'vmsumuhm 1, 2, 3, 4', vmsumuhs: 'vmsumuhs 1, 2, 3, 4', vmsumshm: 'vmsumshm 1, 2, 3, 4',
  vmsumshs: 'vmsumshs 1, 2, 3, 4', vsumsws: 'vsumsws 1, 2, 3', vsum2sws: 'vsum2sws 1, 2, 3',
  vsum4ubs: 'vsum4ubs 1, 2, 3', vsum4sbs: 'vsum4sbs 1, 2, 3', vsum4shs: 'vsum4shs 1, 2, 3',
  vmul10uq: 'vmul10uq 1, 2', vmul10cuq: 'vmul10cuq 1, 2', vmul10euq: 'vmul10euq 1, 2, 3',
  vmul10ecuq: 'vmul10ecuq 1, 2, 3', vcmpequb: 'vcmpequb 1, 2, 3', vcmpequh: 'vcmpequh 1, 2, 3',
  vcmpequw: 'vcmpequw 1, 2, 3', vcmpequd: 'vcmpequd 1, 2, 3', vcmpneb: 'vcmpneb 1, 2, 3',
  vcmpneh: 'vcmpneh 1, 2, 3', vcmpnew: 'vcmpnew 1, 2, 3', vcmpnezb: 'vcmpnezb 1, 2, 3',
  vcmpnezh: 'vcmpnezh 1, 2, 3', vcmpnezw: 'vcmpnezw 1, 2, 3', vcmpgtub: 'vcmpgtub 1, 2, 3',
  vcmpgtuh: 'vcmpgtuh 1, 2, 3', vcmpgtuw: 'vcmpgtuw 1, 2, 3', vcmpgtud: 'vcmpgtud 1, 2, 3',
  vcmpgtsb: 'vcmpgtsb 1, 2, 3', vcmpgtsh: 'vcmpgtsh 1, 2, 3', vcmpgtsw: 'vcmpgtsw 1, 2, 3',
  vcmpgtsd: 'vcmpgtsd 1, 2, 3', vslb: 'vslb 1, 2, 3', vslh: 'vslh 1, 2, 3', vslw: 'vslw 1, 2, 3',
  vsld: 'vsld 1, 2, 3', vsrb: 'vsrb 1, 2, 3', vsrh: 'vsrh 1, 2, 3', vsrw: 'vsrw 1, 2, 3', vsrd: 'vsrd 1, 2, 3',
  vsrab: 'vsrab 1, 2, 3', vsrah: 'vsrah 1, 2, 3', vsraw: 'vsraw 1, 2, 3', vsrad: 'vsrad 1, 2, 3',
  vrlb: 'vrlb 1, 2, 3', vrlh: 'vrlh 1, 2, 3', vrlw: 'vrlw 1, 2, 3', vrld: 'vrld 1, 2, 3',
  vrlwmi: 'vrlwmi 1, 2, 3', vrlwnm: 'vrlwnm 1, 2, 3', vrldmi: 'vrldmi 1, 2, 3', vrldnm: 'vrldnm 1, 2, 3',
  vsl: 'vsl 1, 2, 3', vsr: 'vsr 1, 2, 3', vslo: 'vslo 1, 2, 3', vsro: 'vsro 1, 2, 3', vslv: 'vslv 1, 2, 3',
  vsrv: 'vsrv 1, 2, 3', vpkuhum: 'vpkuhum 1, 2, 3', vpkuwum: 'vpkuwum 1, 2, 3', vpkudum: 'vpkudum 1, 2, 3',
  vpkuhus: 'vpkuhus 1, 2, 3', vpkuwus: 'vpkuwus 1, 2, 3', vpkudus: 'vpkudus 1, 2, 3',
  vpkshus: 'vpkshus 1, 2, 3', vpkswus: 'vpkswus 1, 2, 3', vpksdus: 'vpksdus 1, 2, 3',
  vpkshss: 'vpkshss 1, 2, 3', vpkswss: 'vpkswss 1, 2, 3', vpksdss: 'vpksdss 1, 2, 3', vpkpx: 'vpkpx 1, 2, 3',
  vupkhsb: 'vupkhsb 1, 2', vupklsb: 'vupklsb 1, 2', vupkhsh: 'vupkhsh 1, 2', vupklsh: 'vupklsh 1, 2',
  vupkhsw: 'vupkhsw 1, 2', vupklsw: 'vupklsw 1, 2', vupkhpx: 'vupkhpx 1, 2', vupklpx: 'vupklpx 1, 2',
  vextractub: 'vextractub 1, 2, 5', vextractuh: 'vextractuh 1, 2, 4', vextractuw: 'vextractuw 1, 2, 4',
  vextractd: 'vextractd 1, 2, 4', vinsertb: 'vinsertb 1, 2, 5', vinserth: 'vinserth 1, 2, 4',
  vinsertw: 'vinsertw 1, 2, 4', vinsertd: 'vinsertd 1, 2, 4', vextublx: 'vextublx 3, 4, 5',
  vextuhlx: 'vextuhlx 3, 4, 5', vextuwlx: 'vextuwlx 3, 4, 5', vextubrx: 'vextubrx 3, 4, 5',
  vextuhrx: 'vextuhrx 3, 4, 5', vextuwrx: 'vextuwrx 3, 4, 5', vclzb: 'vclzb 1, 2', vclzh: 'vclzh 1, 2',
  vclzw: 'vclzw 1, 2', vclzd: 'vclzd 1, 2', vpopcntb: 'vpopcntb 1, 2', vpopcnth: 'vpopcnth 1, 2',
  vpopcntw: 'vpopcntw 1, 2', vpopcntd: 'vpopcntd 1, 2', vgbbd: 'vgbbd 1, 2', vbpermq: 'vbpermq 1, 2, 3',
  vbpermd: 'vbpermd 1, 2, 3', vpmsumb: 'vpmsumb 1, 2, 3', vpmsumh: 'vpmsumh 1, 2, 3',
  vpmsumw: 'vpmsumw 1, 2, 3', vpmsumd: 'vpmsumd 1, 2, 3', vclzlsbb: 'vclzlsbb 3, 4',
  vcipher: 'vcipher 1, 2, 3', vcipherlast: 'vcipherlast 1, 2, 3', vncipher: 'vncipher 1, 2, 3',
  vncipherlast: 'vncipherlast 1, 2, 3', vsbox: 'vsbox 1, 2', vshasigmaw: 'vshasigmaw 1, 2, 1, 15',
  vshasigmad: 'vshasigmad 1, 2, 1, 15', vpermxor: 'vpermxor 1, 2, 3, 4',
};

const hex128 = (v: bigint): string => '0x' + v.toString(16).padStart(32, '0');

/** Runs `source` with VRs set beforehand; returns the CPU state. */
function runWith(source: string, vrs: Record<number, bigint>, vscr = 0) {
  const { cpu } = makeMachine(source);
  for (const [n, v] of Object.entries(vrs)) cpu.state.setVsr(32 + Number(n), v);
  cpu.state.vscr = vscr;
  runToEnd(cpu);
  return cpu.state;
}

describe('VMX integer rows: decode', () => {
  it('every row decodes from binutils\' encoding of its mnemonic', () => {
    const names = vmxIntDefs.map((d) => d.mnemonic);
    const words = assemble(names.map((n) => SPELLINGS[n] ?? `${n} ???`).join('\n'));
    names.forEach((n, i) => expect(`${n}: ${decoder.lookup(words[i]!)?.mnemonic}`).toBe(`${n}: ${n}`));
  });

  it('the record forms of the compares and the forms of the VX xo 1538 row decode to their rows', () => {
    const cmp = vmxIntDefs.filter((d) => d.form === 'VC').map((d) => d.mnemonic);
    const words = assemble(cmp.map((n) => `${n}. 1, 2, 3`).join('\n'));
    cmp.forEach((n, i) => expect(decoder.lookup(words[i]!)?.mnemonic).toBe(n));
    const forms = Object.values(vx1538Forms);
    const fw = assemble(forms.map((n) => (n.endsWith('lsbb') ? `${n} 3, 4` : `${n} 1, 2`)).join('\n'));
    forms.forEach((n, i) => expect(`${n}: ${decoder.lookup(fw[i]!)?.mnemonic}`).toBe(`${n}: vclzlsbb`));
  });
});

describe('VMX integer: results independent of QEMU', () => {
  it('vsbox is the AES S-box; vncipherlast undoes vcipherlast once the key is removed', () => {
    const s = runWith(`
      vsbox 3, 1
      vcipherlast 4, 1, 2
      vxor 6, 4, 2
      vxor 7, 7, 7
      vncipherlast 5, 6, 7`, { 1: 0x000102030405060708090a0b0c0d0e0fn, 2: 0x0f1e2d3c4b5a69788796a5b4c3d2e1f0n });
    expect(hex128(s.vsr(35))).toBe('0x637c777bf26b6fc53001672bfed7ab76');
    expect(hex128(s.vsr(37))).toBe('0x000102030405060708090a0b0c0d0e0f');
  });

  it('vcipher is one AES round (FIPS-197 appendix B, round 1)', () => {
    // state after the initial AddRoundKey, round key 1, state after round 1
    const s = runWith('vcipher 3, 1, 2', { 1: 0x193de3bea0f4e22b9ac68d2ae9f84808n, 2: 0xa0fafe1788542cb123a339392a6c7605n });
    expect(hex128(s.vsr(35))).toBe('0xa49c7ff2689f352b6b5bea43026a5049');
  });

  it('vshasigmaw computes SHA-256 sigma0/sigma1/Sigma0/Sigma1', () => {
    const x = 0x6a09e667;
    const ror = (v: number, n: number): number => ((v >>> n) | (v << (32 - n))) >>> 0;
    const s0 = (ror(x, 7) ^ ror(x, 18) ^ (x >>> 3)) >>> 0, s1 = (ror(x, 17) ^ ror(x, 19) ^ (x >>> 10)) >>> 0;
    const S0 = (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22)) >>> 0, S1 = (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25)) >>> 0;
    const v = BigInt(x) * 0x00000001000000010000000100000001n;
    const s = runWith(`
      vshasigmaw 3, 1, 0, 5
      vshasigmaw 4, 1, 1, 10`, { 1: v });
    const w = (a: number, b: number, c: number, d: number): bigint => (BigInt(a) << 96n) | (BigInt(b) << 64n) | (BigInt(c) << 32n) | BigInt(d);
    expect(s.vsr(35)).toBe(w(s0, s1, s0, s1));
    expect(s.vsr(36)).toBe(w(S1, S0, S1, S0));
  });

  it('saturating adds set VSCR[SAT] and keep it; modulo adds do not touch it', () => {
    const s = runWith('vaddubs 3, 1, 2', { 1: 0xff00n, 2: 0x0101n });
    expect(hex128(s.vsr(35))).toBe('0x0000000000000000000000000000ff01');
    expect(s.vscr & 1).toBe(1);
    const t = runWith('vaddubm 3, 1, 2', { 1: 0xff00n, 2: 0x0101n }, 0x10000);
    expect(hex128(t.vsr(35))).toBe('0x00000000000000000000000000000001');
    expect(t.vscr).toBe(0x10000);
  });

  it('vcmpequb. sets CR6 to all (8), none (2) or neither (0); vcmpequb leaves CR6', () => {
    const all = runWith('vcmpequb. 3, 1, 1', { 1: 5n });
    expect((all.cr >>> 4) & 15).toBe(8);
    const none = runWith('vcmpgtub. 3, 1, 1', { 1: 5n });
    expect((none.cr >>> 4) & 15).toBe(2);
    const some = runWith('vcmpequb. 3, 1, 2', { 1: 5n, 2: 6n });
    expect((some.cr >>> 4) & 15).toBe(0);
    expect(hex128(some.vsr(35))).toBe('0xffffffffffffffffffffffffffffff00');
  });
});
