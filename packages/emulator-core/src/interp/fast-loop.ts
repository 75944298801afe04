import { Cpu, GuestFaultSignal, ICACHE_MASK } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { Flow } from '../decode/instruction.js';
import { HOT } from './hot-ops.js';
import { decoder } from '../isa/index.js';
import { W_GPR, W_NIP, W_INSN_COUNT } from '../state/layout.js';
/** 2^32, a literal here: V8 folds a module-local constant into the inline cases. */
const TWO32 = 4294967296;
// the names the generated inline cases use (isa/semantics/helpers.ts)
import { W_CR, W_XER, W_LR, W_CTR, W_TAR, W_CFAR, XER_SO, SPR_LR, mask32, linkRegister, setCarry } from '../isa/semantics/helpers.js';
import { serviceEvents, EventOutcome } from '../cpu/events.js';
import { CTL_REQUESTS } from '../cpu/control.js';
import { deliverStorageFault } from '../cpu/interrupts.js';

/** Taken branches between two looks at the decrementer and doorbells. */
export const POLL_INTERVAL = 256;
/** runFast's internal answer: MSR[SE]/[BE] or CIABR is on, continue one instruction at a time. */
export const TRACE_MODE = -1;
/** runFast's internal answer under Cpu.guardBreakpointPages: NIP is on a page that holds a hypervisor breakpoint, not fetched. */
export const BREAKPOINT_PAGE = -2;
// The inline cases index GPR n at word 2n: the layout must keep the GPRs first.
if (W_GPR !== 0) throw new Error('run.ts assumes GPRs at word 0 of the register file');

/** Adds n retired instructions to the shared counter (low/high halves). */
export function countRetired(r: Int32Array, n: number): void {
  const s = (r[W_INSN_COUNT]! >>> 0) + n;
  r[W_INSN_COUNT] = s | 0;
  if (s >= TWO32) r[W_INSN_COUNT + 1] = (r[W_INSN_COUNT + 1]! + 1) | 0;
}

/**
 * Runs the vCPU from NIP for at most `budget` instructions and returns an Exit
 * code (cpu/exit.ts). While `cpu.guardBreakpointPages` is set it returns
 * BREAKPOINT_PAGE, before fetching, when it would enter a page that holds one of the
 * hypervisor's instruction breakpoints (the translator runs those pages with its
 * per-block checks). The loop keeps NIP in locals, fetches through a one-page
 * fetch translation, validates the pre-decoded cache slot against the word in
 * memory, and executes the hot forms inline; everything else goes to the handler
 * table. Storage faults unwind through GuestFaultSignal (QEMU's cpu_loop_exit).
 *
 * Hot cases cite their mnemonic and form; semantics are Power ISA 3.0B Book I
 * (3.3 fixed-point, 2.4 branch). Cases end with `break` for sequential flow and
 * `continue` after setting the PC for a taken branch.
 */
export function runFast(cpu: Cpu, budget: number): number {
  const r = cpu.r;
  const ctl = cpu.controls;
  const ci = cpu.controlBase + CTL_REQUESTS;
  let poll = POLL_INTERVAL;
  let event = false;
  const words = cpu.memory.i32;
  const icWord = cpu.icacheWord;
  const icOp = cpu.icacheOp;
  let handlers = decoder.byFacilities[cpu.facilities]!;
  let le = cpu.littleEndian;
  let pcLo = r[W_NIP]! | 0;
  let pcHi = cpu.mode64 ? r[W_NIP + 1]! | 0 : 0;
  let pageLo = 1; // never equal to a page-aligned address: forces the first translation
  let pageHi = 0;
  let pageBase = 0;
  let n = 0;
  for (;;) {
  try {
    inner: while (n < budget) {
      if ((pcLo & -4096) !== pageLo || pcHi !== pageHi) {
        r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
        if (cpu.guardBreakpointPages && cpu.hvBreakpointOnPage(pcHi, pcLo)) { countRetired(r, n); return BREAKPOINT_PAGE; }
        pageBase = cpu.translateFetch(pcHi, pcLo) - (pcLo & 0xfff);
        pageLo = pcLo & -4096; pageHi = pcHi;
      }
      const pa = pageBase + (pcLo & 0xfff);
      // instruction words are aligned: read through the host-order (little-endian) word view
      const raw = words[pa >> 2]!;
      const w = le ? raw : ((raw & 0xff) << 24) | ((raw & 0xff00) << 8) | ((raw >>> 8) & 0xff00) | (raw >>> 24);
      const slot = (pa >>> 2) & ICACHE_MASK;
      let op = icOp[slot]!;
      if (icWord[slot] !== w) { op = decoder.decode(w); icWord[slot] = w; icOp[slot] = op; }
      n++;
      switch (op) {
        // @generated-begin hot-cases (src/gen from isa/semantics/hot.ts: pnpm gen)
        // addi RT,RA,SI (D) 3.3.9: RT = (RA|0) + EXTS(SI)
        case HOT.addi: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          r[g$RT] = w0_0_l; r[g$RT + 1] = w0_0_h;
          break;
        }
        // addis RT,RA,SI (D) 3.3.9: RT = (RA|0) + EXTS(SI || 0x0000)
        case HOT.addis: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI << 16) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          r[g$RT] = w0_0_l; r[g$RT + 1] = w0_0_h;
          break;
        }
        // add[o][.] RT,RA,RB (XO) 3.3.9
        case HOT.add: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_0_l = r[g$RA]!, w0_0_h = r[g$RA + 1]!;
          const a_l = w0_0_l, a_h = w0_0_h;
          const w1_0_l = r[g$RB]!, w1_0_h = r[g$RB + 1]!;
          const b_l = w1_0_l, b_h = w1_0_h;
          const w2_0_s = (a_l >>> 0) + (b_l >>> 0);
          const w2_0_l = w2_0_s | 0, w2_0_h = (a_h + b_h + (w2_0_s >= TWO32 ? 1 : 0)) | 0;
          const v_l = w2_0_l, v_h = w2_0_h;
          r[g$RT] = v_l; r[g$RT + 1] = v_h;
          break;
        }
        // subf[o][.] RT,RA,RB (XO) 3.3.9: ~RA + RB + 1
        case HOT.subf: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const a_l = ~w0_1_l, a_h = ~w0_1_h;
          const w1_0_l = r[g$RB]!, w1_0_h = r[g$RB + 1]!;
          const b_l = w1_0_l, b_h = w1_0_h;
          const w2_0_s = (a_l >>> 0) + (b_l >>> 0) + (1);
          const w2_0_l = w2_0_s | 0, w2_0_h = (a_h + b_h + (w2_0_s >= TWO32 ? 1 : 0)) | 0;
          const v_l = w2_0_l, v_h = w2_0_h;
          r[g$RT] = v_l; r[g$RT + 1] = v_h;
          break;
        }
        // neg[o][.] RT,RA (XO) 3.3.9: ~RA + 1; overflow only for the most negative value
        case HOT.neg: {
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_0_l = r[g$RA]!, w0_0_h = r[g$RA + 1]!;
          const a_l = w0_0_l, a_h = w0_0_h;
          const w1_2_l = (0) | 0;
          const w1_0_s = (~a_l >>> 0) + (w1_2_l >>> 0) + (1);
          const w1_0_l = w1_0_s | 0, w1_0_h = (~a_h + 0 + (w1_0_s >= TWO32 ? 1 : 0)) | 0;
          const v_l = w1_0_l, v_h = w1_0_h;
          r[g$RT] = v_l; r[g$RT + 1] = v_h;
          break;
        }
        // or[.] RA,RS,RB (X) 3.3.13; or Rx,Rx,Rx is also a priority hint (Book II 3.2)
        case HOT.or: {
          const g$RS = ((w >>> 20) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const v_l = (w0_1_l | w0_2_l), v_h = (w0_1_h | w0_2_h);
          r[g$RA] = v_l; r[g$RA + 1] = v_h;
          break;
        }
        // xor[.] RA,RS,RB (X) 3.3.13
        case HOT.xor: {
          const g$RS = ((w >>> 20) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const v_l = (w0_1_l ^ w0_2_l), v_h = (w0_1_h ^ w0_2_h);
          r[g$RA] = v_l; r[g$RA + 1] = v_h;
          break;
        }
        // and[.] RA,RS,RB (X) 3.3.13
        case HOT.and: {
          const g$RS = ((w >>> 20) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const v_l = (w0_1_l & w0_2_l), v_h = (w0_1_h & w0_2_h);
          r[g$RA] = v_l; r[g$RA + 1] = v_h;
          break;
        }
        // andc[.] RA,RS,RB (X) 3.3.13
        case HOT.andc: {
          const g$RS = ((w >>> 20) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_3_l = r[g$RB]!, w0_3_h = r[g$RB + 1]!;
          const v_l = (w0_1_l & ~w0_3_l), v_h = (w0_1_h & ~w0_3_h);
          r[g$RA] = v_l; r[g$RA + 1] = v_h;
          break;
        }
        // ori RA,RS,UI (D) 3.3.13; ori 0,0,0 is nop
        case HOT.ori: {
          const $UI = (w & 0xffff);
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_2_l = ($UI) | 0;
          r[g$RA] = (w0_1_l | w0_2_l); r[g$RA + 1] = (w0_1_h | 0);
          break;
        }
        // oris RA,RS,UI (D) 3.3.13
        case HOT.oris: {
          const $UI = (w & 0xffff);
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_2_l = ($UI << 16) | 0;
          r[g$RA] = (w0_1_l | w0_2_l); r[g$RA + 1] = (w0_1_h | 0);
          break;
        }
        // xori RA,RS,UI (D) 3.3.13
        case HOT.xori: {
          const $UI = (w & 0xffff);
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_1_l = r[g$RS]!, w0_1_h = r[g$RS + 1]!;
          const w0_2_l = ($UI) | 0;
          r[g$RA] = (w0_1_l ^ w0_2_l); r[g$RA + 1] = (w0_1_h ^ 0);
          break;
        }
        // andi. RA,RS,UI (D) 3.3.13: always records CR0
        case HOT.andi_: {
          const $UI = (w & 0xffff);
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const v = r[g$RS]! & $UI;
          const w0_0_l = (v) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = 0;
          r[W_CR] = (r[W_CR]! & 0x0fffffff) | ((v !== 0 ? 4 : 2) << 28) | ((r[W_XER]! & XER_SO) >>> 3);
          break;
        }
        // extsw[.] RA,RS (X) 3.3.13
        case HOT.extsw: {
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const w0_0_l = (r[g$RS]!) | 0;
          const v_l = w0_0_l, v_h = (w0_0_l >> 31);
          r[g$RA] = v_l; r[g$RA + 1] = v_h;
          break;
        }
        // rlwinm[.] RA,RS,SH,MB,ME (M) 3.3.14: ROTL32 replicated into both words, masked
        case HOT.rlwinm: {
          const $SH = ((w >>> 11) & 0x1f);
          const $MB = ((w >>> 6) & 0x1f);
          const $ME = ((w >>> 1) & 0x1f);
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const v = r[g$RS]!, sh = $SH, mb = $MB, me = $ME;
          const rot = (v << sh) | (v >>> (32 - sh)); // shift counts are mod 32: sh = 0 gives v | v

          const vl = rot & mask32(mb, me), vh = rot & (mb <= me ? 0 : -1);
          const w0_0_h = (vh) | 0, w0_0_l = (vl) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // rldicl[.] RA,RS,SH,MB (MD) 3.3.14: ROTL64 & MASK(mb, 63)
        case HOT.rldicl: {
          const $SH6 = (((w << 4) & 0x20) | ((w >>> 11) & 0x1f));
          const $MB6 = ((w & 0x20) | ((w >>> 6) & 0x1f));
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          let sh = $SH6;
          let h = r[g$RS + 1]!, l = r[g$RS]!;
          if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; }
          if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; }
          const mb = $MB6;

          const vl = l & (mb < 32 ? -1 : -1 >>> (mb - 32)), vh = h & (mb < 32 ? -1 >>> mb : 0);
          const w0_0_h = (vh) | 0, w0_0_l = (vl) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // rldicr[.] RA,RS,SH,ME (MD) 3.3.14: ROTL64 & MASK(0, me)
        case HOT.rldicr: {
          const $SH6 = (((w << 4) & 0x20) | ((w >>> 11) & 0x1f));
          const $MB6 = ((w & 0x20) | ((w >>> 6) & 0x1f));
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          let sh = $SH6;
          let h = r[g$RS + 1]!, l = r[g$RS]!;
          if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; }
          if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; }
          const me = $MB6;

          const vl = l & (me < 32 ? 0 : (me === 63 ? -1 : ~(-1 >>> (me - 31)))), vh = h & (me < 32 ? (me === 31 ? -1 : ~(-1 >>> (me + 1))) : -1);
          const w0_0_h = (vh) | 0, w0_0_l = (vl) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // rldic[.] RA,RS,SH,MB (MD) 3.3.14: ROTL64 & MASK(mb, 63 - sh)
        case HOT.rldic: {
          const $SH6 = (((w << 4) & 0x20) | ((w >>> 11) & 0x1f));
          const $MB6 = ((w & 0x20) | ((w >>> 6) & 0x1f));
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          let sh = $SH6;
          let h = r[g$RS + 1]!, l = r[g$RS]!;
          if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; }
          if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; }

          const hmb = $MB6 >= 32 ? 0 : -1 >>> $MB6, lmb = $MB6 <= 32 ? -1 : -1 >>> ($MB6 - 32);
          const hme = (63 - $SH6) >= 31 ? -1 : ~(-1 >>> ((63 - $SH6) + 1)), lme = (63 - $SH6) < 32 ? 0 : (63 - $SH6) === 63 ? -1 : ~(-1 >>> ((63 - $SH6) - 31));
          const wraps = $MB6 > (63 - $SH6);
          const mh = wraps ? hmb | hme : hmb & hme, ml = wraps ? lmb | lme : lmb & lme;

          const vl = l & ml, vh = h & mh;
          const w0_0_h = (vh) | 0, w0_0_l = (vl) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // srad[.] RA,RS,RB (X) 3.3.14.2: shift count RB[57:63]
        case HOT.srad: {
          const g$RS = ((w >>> 20) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RA = ((w >>> 15) & 62);
          const h = r[g$RS + 1]!, l = r[g$RS]!;
          const count = r[g$RB]! & 127;
          let rh: number, rl: number, lost = false;
          if (count === 0) { rh = h; rl = l; }
          else if (count < 32) { rh = h >> count; rl = (l >>> count) | (h << (32 - count)); lost = (l << (32 - count)) !== 0; }
          else if (count < 64) { rh = h >> 31; rl = h >> (count - 32); lost = l !== 0 || (count > 32 && (h << (64 - count)) !== 0); }
          else { rh = h >> 31; rl = h >> 31; lost = h !== 0 || l !== 0; }
          const ca = h < 0 && lost ? 1 : 0;
          setCarry(cpu, ca, ca);

          const vl = rl, vh = rh;
          const w0_0_h = (vh) | 0, w0_0_l = (vl) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // sradi[.] RA,RS,SH (XS) 3.3.14.2
        case HOT.sradi: {
          const $SH6 = (((w << 4) & 0x20) | ((w >>> 11) & 0x1f));
          const g$RS = ((w >>> 20) & 62);
          const g$RA = ((w >>> 15) & 62);
          const h = r[g$RS + 1]!, l = r[g$RS]!;
          const count = $SH6;
          let rh: number, rl: number, lost = false;
          if (count === 0) { rh = h; rl = l; }
          else if (count < 32) { rh = h >> count; rl = (l >>> count) | (h << (32 - count)); lost = (l << (32 - count)) !== 0; }
          else if (count < 64) { rh = h >> 31; rl = h >> (count - 32); lost = l !== 0 || (count > 32 && (h << (64 - count)) !== 0); }
          else { rh = h >> 31; rl = h >> 31; lost = h !== 0 || l !== 0; }
          const ca = h < 0 && lost ? 1 : 0;
          setCarry(cpu, ca, ca);

          const vl = rl, vh = rh;
          const w0_0_h = (vh) | 0, w0_0_l = (vl) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // cmpi BF,L,RA,SI (D) 3.3.10
        case HOT.cmpi: {
          const $L21 = ((w >>> 21) & 0x1);
          const $SI = ((w << 16) >> 16);
          const $BF = ((w >>> 23) & 0x7);
          const g$RA = ((w >>> 15) & 62);
          let c: number;
          if ($L21) {
            const w0_0_l = r[g$RA]!, w0_0_h = r[g$RA + 1]!;
            const a64_l = w0_0_l, a64_h = w0_0_h;
            const w1_0_l = ($SI) | 0;
            const b64_l = w1_0_l, b64_h = (w1_0_l >> 31);
            c = (a64_h < b64_h || (a64_h === b64_h && (a64_l >>> 0) < (b64_l >>> 0))) ? 8 : (a64_h > b64_h || (a64_h === b64_h && (a64_l >>> 0) > (b64_l >>> 0))) ? 4 : 2;
          } else {
            const l = r[g$RA]!;
            c = l < $SI ? 8 : l > $SI ? 4 : 2;
          }
          const sh = (7 - $BF) * 4;
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // cmp BF,L,RA,RB (X) 3.3.10
        case HOT.cmp: {
          const $L21 = ((w >>> 21) & 0x1);
          const $BF = ((w >>> 23) & 0x7);
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          let c: number;
          if ($L21) {
            const w0_0_l = r[g$RA]!, w0_0_h = r[g$RA + 1]!;
            const a64_l = w0_0_l, a64_h = w0_0_h;
            const w1_0_l = r[g$RB]!, w1_0_h = r[g$RB + 1]!;
            const b64_l = w1_0_l, b64_h = w1_0_h;
            c = (a64_h < b64_h || (a64_h === b64_h && (a64_l >>> 0) < (b64_l >>> 0))) ? 8 : (a64_h > b64_h || (a64_h === b64_h && (a64_l >>> 0) > (b64_l >>> 0))) ? 4 : 2;
          } else {
            const a = r[g$RA]!, b = r[g$RB]!;
            c = a < b ? 8 : a > b ? 4 : 2;
          }
          const sh = (7 - $BF) * 4;
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // cmpli BF,L,RA,UI (D) 3.3.10
        case HOT.cmpli: {
          const $L21 = ((w >>> 21) & 0x1);
          const $UI = (w & 0xffff);
          const $BF = ((w >>> 23) & 0x7);
          const g$RA = ((w >>> 15) & 62);
          let c: number;
          if ($L21) {
            const w0_0_l = r[g$RA]!, w0_0_h = r[g$RA + 1]!;
            const a64_l = w0_0_l, a64_h = w0_0_h;
            const w1_0_l = ($UI) | 0;
            const b64_l = w1_0_l, b64_h = 0;
            c = ((a64_h >>> 0) < (b64_h >>> 0) || (a64_h === b64_h && (a64_l >>> 0) < (b64_l >>> 0))) ? 8 : ((a64_h >>> 0) > (b64_h >>> 0) || (a64_h === b64_h && (a64_l >>> 0) > (b64_l >>> 0))) ? 4 : 2;
          } else {
            const l = r[g$RA]! >>> 0;
            c = l < $UI ? 8 : l > $UI ? 4 : 2;
          }
          const sh = (7 - $BF) * 4;
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // cmpl BF,L,RA,RB (X) 3.3.10
        case HOT.cmpl: {
          const $L21 = ((w >>> 21) & 0x1);
          const $BF = ((w >>> 23) & 0x7);
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          let c: number;
          if ($L21) {
            const w0_0_l = r[g$RA]!, w0_0_h = r[g$RA + 1]!;
            const a64_l = w0_0_l, a64_h = w0_0_h;
            const w1_0_l = r[g$RB]!, w1_0_h = r[g$RB + 1]!;
            const b64_l = w1_0_l, b64_h = w1_0_h;
            c = ((a64_h >>> 0) < (b64_h >>> 0) || (a64_h === b64_h && (a64_l >>> 0) < (b64_l >>> 0))) ? 8 : ((a64_h >>> 0) > (b64_h >>> 0) || (a64_h === b64_h && (a64_l >>> 0) > (b64_l >>> 0))) ? 4 : 2;
          } else {
            const al = r[g$RA]! >>> 0, bl = r[g$RB]! >>> 0;
            c = al < bl ? 8 : al > bl ? 4 : 2;
          }
          const sh = (7 - $BF) * 4;
          r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
          break;
        }
        // lwz RT,D(RA) (D) 3.3.2
        case HOT.lwz: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const w1_0_l = (cpu.load32(eh, el, le)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          break;
        }
        // lhz RT,D(RA) (D) 3.3.2
        case HOT.lhz: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const w1_0_l = (cpu.load16(eh, el, le)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          break;
        }
        // lbz RT,D(RA) (D) 3.3.2
        case HOT.lbz: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const w1_0_l = (cpu.load8(eh, el)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          break;
        }
        // ld RT,DS(RA) (DS) 3.3.2
        case HOT.ld: {
          const $DS = (((w << 16) >> 18) << 2);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($DS) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const v = cpu.load64(eh, el, le);
          const w1_0_h = (cpu.loadedHi) | 0, w1_0_l = (v) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = w1_0_h;
          break;
        }
        // stw RS,D(RA) (D) 3.3.3
        case HOT.stw: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          cpu.store32(eh, el, r[g$RS]!, le);
          break;
        }
        // sth RS,D(RA) (D) 3.3.3
        case HOT.sth: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          cpu.store16(eh, el, r[g$RS]!, le);
          break;
        }
        // stb RS,D(RA) (D) 3.3.3
        case HOT.stb: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          cpu.store8(eh, el, r[g$RS]!);
          break;
        }
        // std RS,DS(RA) (DS) 3.3.3
        case HOT.std: {
          const $DS = (((w << 16) >> 18) << 2);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = ($DS) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          cpu.store64(eh, el, r[g$RS + 1]!, r[g$RS]!, le);
          break;
        }
        // stdu RS,DS(RA) (DS) 3.3.3: RA = EA; the form with RA=0 is invalid (QEMU: illegal)
        case HOT.stdu: {
          const $DS = (((w << 16) >> 18) << 2);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const s = (r[g$RA]! >>> 0) + $DS;
          const el = s | 0, eh = (r[g$RA + 1]! + (s - (s >>> 0)) / TWO32) | 0;
          cpu.store64(eh, el, r[g$RS + 1]!, r[g$RS]!, le);
          const w0_0_h = (eh) | 0, w0_0_l = (el) | 0;
          r[g$RA] = w0_0_l; r[g$RA + 1] = w0_0_h;
          break;
        }
        // lbzu RT,D(RA) (D) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)
        case HOT.lbzu: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          const w1_0_l = (cpu.load8(eh, el)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          const w2_0_h = (eh) | 0, w2_0_l = (el) | 0;
          r[g$RA] = w2_0_l; r[g$RA + 1] = w2_0_h;
          break;
        }
        // lhzu RT,D(RA) (D) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)
        case HOT.lhzu: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          const w1_0_l = (cpu.load16(eh, el, le)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          const w2_0_h = (eh) | 0, w2_0_l = (el) | 0;
          r[g$RA] = w2_0_l; r[g$RA + 1] = w2_0_h;
          break;
        }
        // lwzu RT,D(RA) (D) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)
        case HOT.lwzu: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          const w1_0_l = (cpu.load32(eh, el, le)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          const w2_0_h = (eh) | 0, w2_0_l = (el) | 0;
          r[g$RA] = w2_0_l; r[g$RA + 1] = w2_0_h;
          break;
        }
        // ldu RT,DS(RA) (DS) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)
        case HOT.ldu: {
          const $DS = (((w << 16) >> 18) << 2);
          const g$RA = ((w >>> 15) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($DS) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          const v = cpu.load64(eh, el, le);
          const w1_0_h = (cpu.loadedHi) | 0, w1_0_l = (v) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = w1_0_h;
          const w2_0_h = (eh) | 0, w2_0_l = (el) | 0;
          r[g$RA] = w2_0_l; r[g$RA + 1] = w2_0_h;
          break;
        }
        // stbu RS,D(RA) (D) 3.3.3: RA = EA; RA=0 is invalid (QEMU: illegal)
        case HOT.stbu: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          cpu.store8(eh, el, r[g$RS]!);
          const w1_0_h = (eh) | 0, w1_0_l = (el) | 0;
          r[g$RA] = w1_0_l; r[g$RA + 1] = w1_0_h;
          break;
        }
        // sthu RS,D(RA) (D) 3.3.3: RA = EA; RA=0 is invalid (QEMU: illegal)
        case HOT.sthu: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          cpu.store16(eh, el, r[g$RS]!, le);
          const w1_0_h = (eh) | 0, w1_0_l = (el) | 0;
          r[g$RA] = w1_0_l; r[g$RA + 1] = w1_0_h;
          break;
        }
        // stwu RS,D(RA) (D) 3.3.3: RA = EA; RA=0 is invalid (QEMU: illegal)
        case HOT.stwu: {
          const $SI = ((w << 16) >> 16);
          const g$RA = ((w >>> 15) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = r[g$RA]!, w0_1_h = r[g$RA + 1]!;
          const w0_2_l = ($SI) | 0;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + (w0_2_l >> 31) + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = cpu.mode64 ? ea_h : 0;
          cpu.store32(eh, el, r[g$RS]!, le);
          const w1_0_h = (eh) | 0, w1_0_l = (el) | 0;
          r[g$RA] = w1_0_l; r[g$RA + 1] = w1_0_h;
          break;
        }
        // ldx RT,RA,RB (X) 3.3.2
        case HOT.ldx: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + w0_2_h + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const v = cpu.load64(eh, el, le);
          const w1_0_h = (cpu.loadedHi) | 0, w1_0_l = (v) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = w1_0_h;
          break;
        }
        // lwzx RT,RA,RB (X) 3.3.2
        case HOT.lwzx: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + w0_2_h + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const w1_0_l = (cpu.load32(eh, el, le)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          break;
        }
        // lbzx RT,RA,RB (X) 3.3.2
        case HOT.lbzx: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RT = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + w0_2_h + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          const w1_0_l = (cpu.load8(eh, el)) | 0;
          r[g$RT] = w1_0_l; r[g$RT + 1] = 0;
          break;
        }
        // stdx RS,RA,RB (X) 3.3.3
        case HOT.stdx: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + w0_2_h + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          cpu.store64(eh, el, r[g$RS + 1]!, r[g$RS]!, le);
          break;
        }
        // stwx RS,RA,RB (X) 3.3.3
        case HOT.stwx: {
          const g$RA = ((w >>> 15) & 62);
          const g$RB = ((w >>> 10) & 62);
          const g$RS = ((w >>> 20) & 62);
          const w0_1_l = g$RA === 0 ? 0 : r[g$RA]!, w0_1_h = g$RA === 0 ? 0 : r[g$RA + 1]!;
          const w0_2_l = r[g$RB]!, w0_2_h = r[g$RB + 1]!;
          const w0_0_s = (w0_1_l >>> 0) + (w0_2_l >>> 0);
          const w0_0_l = w0_0_s | 0, w0_0_h = (w0_1_h + w0_2_h + (w0_0_s >= TWO32 ? 1 : 0)) | 0;
          const ea_l = w0_0_l, ea_h = w0_0_h;
          const el = ea_l, eh = ea_h;
          cpu.store32(eh, el, r[g$RS]!, le);
          break;
        }
        // b[l][a] target (I) 2.4
        case HOT.b: {
          const $AA = ((w >>> 1) & 0x1);
          const $LI = (((w << 6) >> 8) << 2);
          const $LK = (w & 0x1);
          let tLo: number, tHi: number;
          if ($AA) { tLo = $LI; tHi = cpu.mode64 ? tLo >> 31 : 0; }
          else { const s = (pcLo >>> 0) + $LI; tLo = s | 0; tHi = cpu.mode64 ? (pcHi + (s - (s >>> 0)) / TWO32) | 0 : 0; }
          if ($LK) linkRegister(r, pcHi, pcLo, cpu.mode64);
          r[W_CFAR] = pcLo; r[W_CFAR + 1] = pcHi; // CFAR: the taken branch's address (QEMU gen_update_cfar)
          { pcLo = tLo; pcHi = tHi; if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; } continue; }
        }
        // bc[l][a] BO,BI,target (B) 2.4: CTR decremented unless BO[2], CR[BI] tested unless BO[0]
        case HOT.bc: {
          const $BO = ((w >>> 21) & 0x1f);
          const $BI = ((w >>> 16) & 0x1f);
          const $LK = (w & 0x1);
          const $AA = ((w >>> 1) & 0x1);
          const $BD = (((w << 16) >> 18) << 2);
          let taken = true;
          if (($BO & 4) === 0) {
            const w0_1_l = r[W_CTR]!, w0_1_h = r[W_CTR + 1]!;
            const w0_0_l = (w0_1_l - 1) | 0, w0_0_h = w0_0_l === -1 ? (w0_1_h - 1) | 0 : w0_1_h;
            const ctr_l = w0_0_l, ctr_h = w0_0_h;
            r[W_CTR] = ctr_l; r[W_CTR + 1] = ctr_h;
            const nonZero = cpu.mode64 ? ((ctr_h | ctr_l) !== 0) : ctr_l !== 0;
            if (nonZero === (($BO & 2) !== 0)) taken = false;
          }
          if (taken && ($BO & 16) === 0) taken = ((r[W_CR]! >>> (31 - $BI)) & 1) === (($BO >>> 3) & 1);
          if ($LK) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!taken) break;
          let tLo: number, tHi: number;
          if ($AA) { tLo = $BD; tHi = cpu.mode64 ? tLo >> 31 : 0; }
          else { const s = (pcLo >>> 0) + $BD; tLo = s | 0; tHi = cpu.mode64 ? (pcHi + (s - (s >>> 0)) / TWO32) | 0 : 0; }
          r[W_CFAR] = pcLo; r[W_CFAR + 1] = pcHi; // CFAR: the taken branch's address (QEMU gen_update_cfar)
          { pcLo = tLo; pcHi = tHi; if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; } continue; }
        }
        // bclr[l] BO,BI,BH (XL) 2.4: to LR, read before LK writes it
        case HOT.bclr: {
          const $BO = ((w >>> 21) & 0x1f);
          const $BI = ((w >>> 16) & 0x1f);
          const $LK = (w & 0x1);
          let taken = true;
          if (($BO & 4) === 0) {
            const w0_1_l = r[W_CTR]!, w0_1_h = r[W_CTR + 1]!;
            const w0_0_l = (w0_1_l - 1) | 0, w0_0_h = w0_0_l === -1 ? (w0_1_h - 1) | 0 : w0_1_h;
            const ctr_l = w0_0_l, ctr_h = w0_0_h;
            r[W_CTR] = ctr_l; r[W_CTR + 1] = ctr_h;
            const nonZero = cpu.mode64 ? ((ctr_h | ctr_l) !== 0) : ctr_l !== 0;
            if (nonZero === (($BO & 2) !== 0)) taken = false;
          }
          if (taken && ($BO & 16) === 0) taken = ((r[W_CR]! >>> (31 - $BI)) & 1) === (($BO >>> 3) & 1);
          const tLo = r[W_LR]! & ~3, tHi = cpu.mode64 ? r[W_LR + 1]! : 0;
          if ($LK) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!taken) break;
          r[W_CFAR] = pcLo; r[W_CFAR + 1] = pcHi; // CFAR: the taken branch's address (QEMU gen_update_cfar)
          { pcLo = tLo; pcHi = tHi; if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; } continue; }
        }
        // bcctr[l] BO,BI,BH (XL) 2.4: the form that decrements CTR (BO[2]=0) is invalid (QEMU: illegal)
        case HOT.bcctr: {
          const $BO = ((w >>> 21) & 0x1f);
          const $BI = ((w >>> 16) & 0x1f);
          const $LK = (w & 0x1);
          const taken = ($BO & 16) !== 0 || ((r[W_CR]! >>> (31 - $BI)) & 1) === (($BO >>> 3) & 1);
          if ($LK) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!taken) break;
          const tLo = r[W_CTR]! & ~3, tHi = cpu.mode64 ? r[W_CTR + 1]! : 0;
          r[W_CFAR] = pcLo; r[W_CFAR + 1] = pcHi; // CFAR: the taken branch's address (QEMU gen_update_cfar)
          { pcLo = tLo; pcHi = tHi; if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; } continue; }
        }
        // bctar[l] BO,BI,BH (XL) 2.4: to TAR, read before LK writes LR; CTR decremented unless BO[2]
        case HOT.bctar: {
          const $BO = ((w >>> 21) & 0x1f);
          const $BI = ((w >>> 16) & 0x1f);
          const $LK = (w & 0x1);
          let taken = true;
          if (($BO & 4) === 0) {
            const w0_1_l = r[W_CTR]!, w0_1_h = r[W_CTR + 1]!;
            const w0_0_l = (w0_1_l - 1) | 0, w0_0_h = w0_0_l === -1 ? (w0_1_h - 1) | 0 : w0_1_h;
            const ctr_l = w0_0_l, ctr_h = w0_0_h;
            r[W_CTR] = ctr_l; r[W_CTR + 1] = ctr_h;
            const nonZero = cpu.mode64 ? ((ctr_h | ctr_l) !== 0) : ctr_l !== 0;
            if (nonZero === (($BO & 2) !== 0)) taken = false;
          }
          if (taken && ($BO & 16) === 0) taken = ((r[W_CR]! >>> (31 - $BI)) & 1) === (($BO >>> 3) & 1);
          const tLo = r[W_TAR]! & ~3, tHi = cpu.mode64 ? r[W_TAR + 1]! : 0;
          if ($LK) linkRegister(r, pcHi, pcLo, cpu.mode64);
          if (!taken) break;
          r[W_CFAR] = pcLo; r[W_CFAR + 1] = pcHi; // CFAR: the taken branch's address (QEMU gen_update_cfar)
          { pcLo = tLo; pcHi = tHi; if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; } continue; }
        }
        // mfspr RT,LR / RT,CTR (XFX) 3.3.17: other SPRs through isa/spr-table.ts
        case HOT.mfspr: {
          const $SPR = (((w >>> 6) & 0x3e0) | ((w >>> 16) & 0x1f));
          const g$RT = ((w >>> 20) & 62);
          if ($SPR === SPR_LR) { const w0_0_l = r[W_LR]!, w0_0_h = r[W_LR + 1]!;
          r[g$RT] = w0_0_l; r[g$RT + 1] = w0_0_h; }
          else { const w1_0_l = r[W_CTR]!, w1_0_h = r[W_CTR + 1]!;
          r[g$RT] = w1_0_l; r[g$RT + 1] = w1_0_h; }
          break;
        }
        // mtspr LR,RS / CTR,RS (XFX) 3.3.17: other SPRs through isa/spr-table.ts
        case HOT.mtspr: {
          const $SPR = (((w >>> 6) & 0x3e0) | ((w >>> 16) & 0x1f));
          const g$RS = ((w >>> 20) & 62);
          if ($SPR === SPR_LR) { const w0_0_l = r[g$RS]!, w0_0_h = r[g$RS + 1]!;
          r[W_LR] = w0_0_l; r[W_LR + 1] = w0_0_h; }
          else { const w1_0_l = r[g$RS]!, w1_0_h = r[g$RS + 1]!;
          r[W_CTR] = w1_0_l; r[W_CTR + 1] = w1_0_h; }
          break;
        }
        // @generated-end hot-cases
        default: {
          r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
          const flow = handlers[op]!(cpu, w);
          if (flow === Flow.Next) break;
          if (flow === Flow.Exit) {
            // the exit's documented NIP was written by the handler; an exit that
            // completed the instruction (sc) says so by advancing NIP itself
            if (cpu.pendingExit !== Exit.SystemCall && cpu.pendingExit !== Exit.Hypercall) n--;
            countRetired(r, n);
            return cpu.pendingExit;
          }
          // a cold jump may have changed the MSR (rfid, mtmsrd, an interrupt): recheck everything
          pcLo = r[W_NIP]! | 0; pcHi = r[W_NIP + 1]! | 0;
          event = true; break inner;
        }
      }
      pcLo = (pcLo + 4) | 0;
      if (pcLo === 0 && cpu.mode64) pcHi = (pcHi + 1) | 0;
    }
  } catch (e) {
    if (!(e instanceof GuestFaultSignal)) throw e;
    // the faulting instruction did not complete; NIP stays on it
    r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
    if (n > 0 && cpu.exitDetail !== Exit.InstructionStorage) n--;
    const kind = cpu.exitDetail;
    if (!cpu.systemMode || kind === Exit.Mmio || kind === Exit.DebugWatchpoint) { countRetired(r, n); return kind; }
    deliverStorageFault(cpu);
    // continue at the vector
    pcLo = r[W_NIP]! | 0; pcHi = r[W_NIP + 1]! | 0;
    event = true;
  }
  r[W_NIP] = pcLo; r[W_NIP + 1] = pcHi;
  if (!event) break;
  // between instructions: requests from other threads, pending interrupts, MSR changes
  event = false;
  poll = POLL_INTERVAL;
  const outcome = serviceEvents(cpu);
  if (outcome === EventOutcome.Stop) { countRetired(r, n); return Exit.StopRequested; }
  // with hypervisor breakpoints armed a translator's stretch ends at any event (a fault,
  // an interrupt, a cold jump): the code it goes on to was not checked (jit/run-blocks.ts),
  // unless the stretch checks every page it enters (Cpu.guardBreakpointPages: the fetch
  // below starts on a new page)
  if (cpu.traceActive || (cpu.hvBreakpoints.length > 0 && !cpu.guardBreakpointPages)) { countRetired(r, n); return TRACE_MODE; }
  pcLo = r[W_NIP]! | 0; pcHi = cpu.mode64 ? r[W_NIP + 1]! | 0 : 0;
  le = cpu.littleEndian;
  handlers = decoder.byFacilities[cpu.facilities]!;
  pageLo = 1;
  }
  countRetired(r, n);
  return Exit.Budget;
}
