import type { Rng } from './rng.js';
import * as A from './asm.js';
import { F } from './fields.js';
import { SCRATCH_OFF, SCRATCH_SIZE, type MachineState } from './state.js';
import type { SetupItem } from './testcase.js';
import { BASE_REG } from './program.js';

/**
 * What a rule sees while it generates one instruction: the random source, the
 * slot's position in the sequence (branches target later slots), the case's input
 * state (rules may bias it towards edge values for their operands) and helpers
 * that pick registers and put memory operands inside the scratch area.
 */
export class Gen {
  readonly setup: SetupItem[] = [];
  /** set when the instruction needs TAR/VRSAVE/PPR in the saved state */
  sprs = false;

  /**
   * `hot` GPRs and FPRs (per case) are picked half of the time, so that instructions
   * of a sequence often consume each other's results.
   */
  constructor(
    readonly rng: Rng, readonly slot: number, readonly slots: number, readonly input: MachineState,
    private readonly hot: { gpr: readonly number[]; fpr: readonly number[]; vsr?: readonly number[] } = { gpr: [], fpr: [] },
  ) {}

  // ---- registers ----
  /** A GPR the instruction may write: never the base register r31. */
  dst(): number { return this.hot.gpr.length && this.rng.bit() ? this.rng.pick(this.hot.gpr) : this.rng.int(31); }
  /** A GPR the instruction only reads (r31 included: it holds the block address). */
  src(): number { return this.rng.chance(0.04) ? BASE_REG : this.dst(); }
  /** A GPR other than r0 and r31, for address registers the setup writes. */
  addrReg(not: readonly number[] = []): number {
    for (;;) { const r = 1 + this.rng.int(30); if (!not.includes(r)) return r; }
  }
  fpr(): number { return this.hot.fpr.length && this.rng.bit() ? this.rng.pick(this.hot.fpr) : this.rng.int(32); }
  /** A VSR (0..63); VSRs 32..63 are VR 0..31. */
  vsr(): number { const h = this.hot.vsr ?? []; return h.length && this.rng.bit() ? this.rng.pick(h) : this.rng.int(64); }
  /** A VR (0..31), often one of the hot VSRs above 31. */
  vr(): number { const h = (this.hot.vsr ?? []).filter((n) => n >= 32); return h.length && this.rng.bit() ? this.rng.pick(h) - 32 : this.rng.int(32); }
  bit(): number { return this.rng.bit(); }
  crField(): number { return this.rng.int(8); }
  crBit(): number { return this.rng.int(32); }

  // ---- immediates ----
  si16(): number {
    return this.rng.pick([0, 1, -1, 0x7fff, -0x8000, 0x7ffe, -0x7fff, 0x4000, -2, 2, 0x8000 - 16, 0xff, 0x100, this.rng.range(-20, 20), this.rng.range(-0x8000, 0x7fff), this.rng.range(-0x8000, 0x7fff)]);
  }
  ui16(): number {
    return this.rng.pick([0, 1, 0xffff, 0x7fff, 0x8000, 0xff00, 0x00ff, 0xfffe, this.rng.range(0, 20), this.rng.int(0x10000), this.rng.int(0x10000)]);
  }
  /** A 5-bit or 6-bit shift/mask field, biased to its ends and the 32-bit boundary. */
  sh(bits: 5 | 6): number {
    const max = (1 << bits) - 1;
    return this.rng.chance(0.5) ? this.rng.pick(bits === 5 ? [0, 1, 31, 30, 16, 15] : [0, 1, 31, 32, 33, 63, 62]) : this.rng.int(max + 1);
  }

  // ---- input biasing ----
  setGpr(r: number, v: bigint): void { if (r !== BASE_REG) this.input.gpr[r] = BigInt.asUintN(64, v); }
  setFpr(r: number, v: bigint): void { this.input.fpr[r] = BigInt.asUintN(64, v); }
  /** Sets VSR n's input value (128 bits). */
  setVsr(n: number, v: bigint): void {
    const x = BigInt.asUintN(128, v);
    if (n >= 32) { this.input.vr[n - 32] = x; return; }
    this.input.fpr[n] = x >> 64n; this.input.vsrLow[n] = BigInt.asUintN(64, x);
  }

  // ---- memory operands ----
  /** An offset into scratch for an access of `size` bytes, aligned to `align` with probability pAligned. */
  scratchOffset(size: number, align: number, pAligned: number): number {
    const span = Math.max(1, SCRATCH_SIZE - size);
    let off = this.rng.int(span);
    if (this.rng.chance(pAligned)) off -= off % align;
    return off;
  }

  /** Setup words making register `ra` = block + SCRATCH_OFF + off - d. */
  private pointAt(ra: number, off: number, d: number): void {
    this.setup.push(...A.addImm32(ra, BASE_REG, SCRATCH_OFF + off - d));
  }

  /**
   * A D/DS/DQ-form memory operand: returns the RA and displacement fields so that
   * EA = (RA) + d lands at a random offset in the scratch area. `dMask` keeps the
   * displacement's low bits zero (DS: 3, DQ: 15). RA is never 0 (EA would be an
   * absolute low address); update forms never use r31 and avoid `avoid` (RT).
   */
  memD(o: {
    size: number; align?: number; pAligned?: number; update?: boolean; dMask?: number; avoid?: readonly number[];
    /** no displacement field (lswi): d = 0 */ noDisp?: boolean;
  }): { ra: number; d: number } {
    const align = o.align ?? o.size;
    const dMask = o.dMask ?? 0;
    const avoid = o.avoid ?? [];
    const off = this.scratchOffset(o.size, Math.max(align, dMask + 1), o.pAligned ?? 0.6);
    if (!o.update && !o.noDisp && !avoid.includes(BASE_REG) && this.rng.chance(0.15) && ((SCRATCH_OFF + off) & dMask) === 0) {
      return { ra: BASE_REG, d: SCRATCH_OFF + off };
    }
    const ra = this.addrReg(avoid);
    let d = this.si16() & ~dMask;
    if (o.noDisp || this.rng.chance(0.3)) d = 0;
    this.pointAt(ra, off, d);
    return { ra, d };
  }

  /**
   * An X-form memory operand: RA (possibly 0 unless `update`) and RB such that
   * (RA|0) + (RB) lands in the scratch area.
   */
  memX(o: { size: number; align?: number; pAligned?: number; update?: boolean; avoid?: readonly number[] }): { ra: number; rb: number } {
    const off = this.scratchOffset(o.size, o.align ?? o.size, o.pAligned ?? 0.6);
    const avoid = o.avoid ?? [];
    const target = SCRATCH_OFF + off;
    const mode = this.rng.int(10);
    if (!o.update && mode === 0) { // RA = 0: EA = (RB)
      const rb = this.addrReg();
      this.setup.push(A.addi(rb, BASE_REG, target));
      return { ra: 0, rb };
    }
    if (!o.update && mode === 1) { // RA = r31
      const rb = this.addrReg();
      this.setup.push(A.li(rb, target));
      return { ra: BASE_REG, rb };
    }
    const ra = this.addrReg(avoid);
    if (mode === 2) { // RB = r31
      this.setup.push(A.li(ra, target));
      return { ra, rb: BASE_REG };
    }
    const rb = this.addrReg([ra]);
    const v = this.rng.pick([0, 1, -1, 8, -8, 0x7fff, -0x8000, 0x10000, -0x10000, 0x12345678, -0x12345678, this.rng.range(-4096, 4096)]);
    this.setup.push(...A.loadImm32(rb, v));
    this.pointAt(ra, off, v);
    return { ra, rb };
  }

  /** The setup that points LR/CTR/TAR at a label; returns the temporary register it used. */
  labelInto(spr: number, target: number): number {
    const reg = this.dst();
    this.setup.push({ kind: 'label', reg, target, lowBits: this.rng.int(4), spr });
    if (spr === A.SPR_TAR) this.sprs = true;
    return reg;
  }

  /** A forward branch target: a later slot or the end of the sequence. */
  forwardTarget(): number { return this.rng.range(this.slot + 1, this.slots); }

  /** Fields of a register-register-register instruction (convenience). */
  f = F;
}
