import type { Semantics } from './template.js';

/*
 * The instructions the interpreter runs inline: the forms compiled code executes
 * most (measured: the dispatch race in packages/bench, docs/benchmarks.md). Each is
 * written once here, for all its forms; src/gen makes the inline case (specialised by
 * `inlineWhen`) and the handler every other form runs. Semantics: Power ISA 3.0B
 * Book I 3.3 (fixed point) and 2.4 (branches). The register file keeps each GPR as
 * two Int32 halves, low word first; a template computes either with whole 64-bit values
 * through the 64-bit macros (gen/wide.ts: GPR, SET_GPR, ADD64...), which the WebAssembly
 * back end compiles to i64 operations, or (not yet rewritten) with the halves directly.
 */

/**
 * RT = a + b (+ 1 for subf) with OE/Rc, for the XO-form adders (QEMU gen_op_arith_add):
 * `a` is a 64-bit expression, RB the other operand. Overflow: both operands' signs
 * differ from the result's (OV on the 64-bit sum, OV32 on the low word's).
 */
const adder = (a: string, carryIn: string): string => `
  const a = ${a};
  const b = GPR(g$RB);
  const v = ADD64(a, b${carryIn});
  SET_GPR(g$RT, v);
  if ($OE) setOverflow(cpu, ((HI(a) ^ HI(v)) & (HI(b) ^ HI(v))) < 0, ((LO(a) ^ LO(v)) & (LO(b) ^ LO(v))) < 0);
  if ($Rc) setCr0(cpu, HI(v), LO(v));
  NEXT;`;

/** The X-form logical instructions and extsw: RA = v (a 64-bit expression), CR0 when Rc=1. */
const toRaWide = (v: string): string => `
  const v = ${v};
  SET_GPR(g$RA, v);
  if ($Rc) setCr0(cpu, HI(v), LO(v));
  NEXT;`;

/**
 * The tail of the rotates: RA = (h, l), CR0 when Rc=1. The rotates write each word as
 * the rotated word and a mask computed from the fields alone (`rot & (mb <= me ? 0 :
 * -1)`, not `mb <= me ? 0 : rot`), so that the mask bounds do not shape the code: a
 * WebAssembly fragment (jit/wasm/fragments.ts) then serves every MB and ME.
 */
const toRa = (h: string, l: string): string => `
  const vl = ${l}, vh = ${h};
  SET_GPR(g$RA, JOIN64(vh, vl));
  if ($Rc) setCr0(cpu, vh, vl);
  NEXT;`;

/** CR field BF = the comparison c (LT 8, GT 4, EQ 2) with a copy of XER[SO]. */
const setCrField = `
  const sh = (7 - $BF) * 4;
  r[W_CR] = (r[W_CR]! & ~(15 << sh)) | ((c | (r[W_XER]! >>> 31)) << sh);
  NEXT;`;

/** 64-bit rotate left of RS by sh into (h, l) (Book I 3.3.14 ROTL64). */
const rotl64 = `
  let sh = $SH6;
  let h = r[g$RS + 1]!, l = r[g$RS]!;
  if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; }
  if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; }`;

/** MASK(mb, me) of 64 bits as (mh, ml), MSB-0, wrapping when mb > me (Book I 3.3.14); JavaScript shifts are mod 32, so the ends are guarded. */
const mask64 = (mb: string, me: string): string => `
  const hmb = ${mb} >= 32 ? 0 : -1 >>> ${mb}, lmb = ${mb} <= 32 ? -1 : -1 >>> (${mb} - 32);
  const hme = ${me} >= 31 ? -1 : ~(-1 >>> (${me} + 1)), lme = ${me} < 32 ? 0 : ${me} === 63 ? -1 : ~(-1 >>> (${me} - 31));
  const wraps = ${mb} > ${me};
  const mh = wraps ? hmb | hme : hmb & hme, ml = wraps ? lmb | lme : lmb & lme;`;

/**
 * RA = RS shifted right algebraically by n (0..127; 64 and more shift every bit out),
 * CA and CA32 set when RS is negative and a 1 bit is shifted out (Book I 3.3.14.2).
 */
const sra64 = (n: string): string => `
  const h = r[g$RS + 1]!, l = r[g$RS]!;
  const count = ${n};
  let rh: number, rl: number, lost = false;
  if (count === 0) { rh = h; rl = l; }
  else if (count < 32) { rh = h >> count; rl = (l >>> count) | (h << (32 - count)); lost = (l << (32 - count)) !== 0; }
  else if (count < 64) { rh = h >> 31; rl = h >> (count - 32); lost = l !== 0 || (count > 32 && (h << (64 - count)) !== 0); }
  else { rh = h >> 31; rl = h >> 31; lost = h !== 0 || l !== 0; }
  const ca = h < 0 && lost ? 1 : 0;
  setCarry(cpu, ca, ca);
  ${toRa('rh', 'rl')}`;

/** (RA|0) + EXTS(d) as (eh, el): the D/DS-form effective address (MSR[SF]=0 truncation is in cpu.load*). */
const eaDisplacement = (d: string): string => `
  const ea = ADD64(GPR_OR0(g$RA), EXTS(${d}));
  const el = LO(ea), eh = HI(ea);`;

/**
 * RA + EXTS(d) as (eh, el) for the D/DS-form update loads and stores, which write it
 * back to RA: under MSR[SF]=0 the high half is 0, as the effective address is (QEMU
 * gen_addr_imm_index narrows it; the handlers' eaD does the same).
 */
const eaUpdate = (d: string): string => `
  const ea = ADD64(GPR(g$RA), EXTS(${d}));
  const el = LO(ea), eh = cpu.mode64 ? HI(ea) : 0;`;

/** (RA|0) + (RB) as (eh, el): the X-form effective address. */
const eaIndexed = `
  const ea = ADD64(GPR_OR0(g$RA), GPR(g$RB));
  const el = LO(ea), eh = HI(ea);`;

/**
 * `taken`: the branch condition of the B- and XL-form conditional branches (Book I 2.4,
 * BO and BI): CTR is decremented unless BO[2], compared with 0 unless BO[2] (BO[3] says
 * which way), CR[BI] compared with BO[1] unless BO[0]. Written out in each template rather
 * than called, so that a translated block sees CTR and CR as its own register-file words
 * (jit/register-locals.ts keeps them in locals in a loop).
 */
const branchCondition = `
  let taken = true;
  if (($BO & 4) === 0) {
    const ctr = ADD64(REG64(W_CTR), EXTS(-1));
    SET_REG64(W_CTR, ctr);
    const nonZero = cpu.mode64 ? NZ64(ctr) : LO(ctr) !== 0;
    if (nonZero === (($BO & 2) !== 0)) taken = false;
  }
  if (taken && ($BO & 16) === 0) taken = ((r[W_CR]! >>> (31 - $BI)) & 1) === (($BO >>> 3) & 1);`;

/** A branch to (tHi, tLo) relative to CIA unless AA, as the I- and B-forms compute it. */
const relativeTarget = (disp: string): string => `
  let tLo: number, tHi: number;
  if ($AA) { tLo = ${disp}; tHi = cpu.mode64 ? tLo >> 31 : 0; }
  else { const s = (PC_LO >>> 0) + ${disp}; tLo = s | 0; tHi = cpu.mode64 ? (PC_HI + (s - (s >>> 0)) / TWO32) | 0 : 0; }`;

export const hotSemantics: readonly Semantics[] = [
  { mnemonic: 'addi', doc: 'addi RT,RA,SI (D) 3.3.9: RT = (RA|0) + EXTS(SI)', body: `
  SET_GPR(g$RT, ADD64(GPR_OR0(g$RA), EXTS($SI)));
  NEXT;` },
  { mnemonic: 'addis', doc: 'addis RT,RA,SI (D) 3.3.9: RT = (RA|0) + EXTS(SI || 0x0000)', body: `
  SET_GPR(g$RT, ADD64(GPR_OR0(g$RA), EXTS($SI << 16)));
  NEXT;` },
  { mnemonic: 'add', doc: 'add[o][.] RT,RA,RB (XO) 3.3.9', inlineWhen: { OE: 0, Rc: 0 }, body: adder('GPR(g$RA)', '') },
  { mnemonic: 'subf', doc: 'subf[o][.] RT,RA,RB (XO) 3.3.9: ~RA + RB + 1', inlineWhen: { OE: 0, Rc: 0 }, body: adder('NOT64(GPR(g$RA))', ', 1') },
  { mnemonic: 'neg', doc: 'neg[o][.] RT,RA (XO) 3.3.9: ~RA + 1; overflow only for the most negative value', inlineWhen: { OE: 0, Rc: 0 }, body: `
  const a = GPR(g$RA);
  const v = ADD64(NOT64(a), EXTZ(0), 1);
  SET_GPR(g$RT, v);
  if ($OE) setOverflow(cpu, HI(a) === (0x80000000 | 0) && LO(a) === 0, LO(a) === (0x80000000 | 0));
  if ($Rc) setCr0(cpu, HI(v), LO(v));
  NEXT;` },
  { mnemonic: 'or', doc: 'or[.] RA,RS,RB (X) 3.3.13; or Rx,Rx,Rx is also a priority hint (Book II 3.2)', inlineWhen: { Rc: 0 },
    guard: '$RS !== $RA || $RS !== $RB', otherwise: { handler: 'orPriorityHint', module: 'fixed/logical.js' },
    body: toRaWide('OR64(GPR(g$RS), GPR(g$RB))') },
  { mnemonic: 'xor', doc: 'xor[.] RA,RS,RB (X) 3.3.13', inlineWhen: { Rc: 0 }, body: toRaWide('XOR64(GPR(g$RS), GPR(g$RB))') },
  { mnemonic: 'and', doc: 'and[.] RA,RS,RB (X) 3.3.13', inlineWhen: { Rc: 0 }, body: toRaWide('AND64(GPR(g$RS), GPR(g$RB))') },
  { mnemonic: 'andc', doc: 'andc[.] RA,RS,RB (X) 3.3.13', inlineWhen: { Rc: 0 }, body: toRaWide('AND64(GPR(g$RS), NOT64(GPR(g$RB)))') },
  { mnemonic: 'ori', doc: 'ori RA,RS,UI (D) 3.3.13; ori 0,0,0 is nop', body: `
  SET_GPR(g$RA, OR64(GPR(g$RS), EXTZ($UI)));
  NEXT;` },
  { mnemonic: 'oris', doc: 'oris RA,RS,UI (D) 3.3.13', body: `
  SET_GPR(g$RA, OR64(GPR(g$RS), EXTZ($UI << 16)));
  NEXT;` },
  { mnemonic: 'xori', doc: 'xori RA,RS,UI (D) 3.3.13', body: `
  SET_GPR(g$RA, XOR64(GPR(g$RS), EXTZ($UI)));
  NEXT;` },
  { mnemonic: 'andi.', doc: 'andi. RA,RS,UI (D) 3.3.13: always records CR0', body: `
  const v = r[g$RS]! & $UI;
  SET_GPR(g$RA, EXTZ(v));
  r[W_CR] = (r[W_CR]! & 0x0fffffff) | ((v !== 0 ? 4 : 2) << 28) | ((r[W_XER]! & XER_SO) >>> 3);
  NEXT;` },
  { mnemonic: 'extsw', doc: 'extsw[.] RA,RS (X) 3.3.13', inlineWhen: { Rc: 0 }, body: toRaWide('EXTS(r[g$RS]!)') },
  { mnemonic: 'rlwinm', doc: 'rlwinm[.] RA,RS,SH,MB,ME (M) 3.3.14: ROTL32 replicated into both words, masked', inlineWhen: { Rc: 0 }, body: `
  const v = r[g$RS]!, sh = $SH, mb = $MB, me = $ME;
  const rot = (v << sh) | (v >>> (32 - sh)); // shift counts are mod 32: sh = 0 gives v | v
  ${toRa('rot & (mb <= me ? 0 : -1)', 'rot & mask32(mb, me)')}` },
  { mnemonic: 'rldicl', doc: 'rldicl[.] RA,RS,SH,MB (MD) 3.3.14: ROTL64 & MASK(mb, 63)', inlineWhen: { Rc: 0 }, body: `${rotl64}
  const mb = $MB6;
  ${toRa('h & (mb < 32 ? -1 >>> mb : 0)', 'l & (mb < 32 ? -1 : -1 >>> (mb - 32))')}` },
  { mnemonic: 'rldicr', doc: 'rldicr[.] RA,RS,SH,ME (MD) 3.3.14: ROTL64 & MASK(0, me)', inlineWhen: { Rc: 0 }, body: `${rotl64}
  const me = $MB6;
  ${toRa('h & (me < 32 ? (me === 31 ? -1 : ~(-1 >>> (me + 1))) : -1)', 'l & (me < 32 ? 0 : (me === 63 ? -1 : ~(-1 >>> (me - 31))))')}` },
  { mnemonic: 'rldic', doc: 'rldic[.] RA,RS,SH,MB (MD) 3.3.14: ROTL64 & MASK(mb, 63 - sh)', inlineWhen: { Rc: 0 }, body: `${rotl64}
  ${mask64('$MB6', '(63 - $SH6)')}
  ${toRa('h & mh', 'l & ml')}` },
  { mnemonic: 'srad', doc: 'srad[.] RA,RS,RB (X) 3.3.14.2: shift count RB[57:63]', inlineWhen: { Rc: 0 }, body: sra64('r[g$RB]! & 127') },
  { mnemonic: 'sradi', doc: 'sradi[.] RA,RS,SH (XS) 3.3.14.2', inlineWhen: { Rc: 0 }, body: sra64('$SH6') },
  { mnemonic: 'cmpi', doc: 'cmpi BF,L,RA,SI (D) 3.3.10', body: `
  let c: number;
  if ($L21) {
    const a64 = GPR(g$RA);
    const b64 = EXTS($SI);
    c = LT64S(a64, b64) ? 8 : GT64S(a64, b64) ? 4 : 2;
  } else {
    const l = r[g$RA]!;
    c = l < $SI ? 8 : l > $SI ? 4 : 2;
  }${setCrField}` },
  { mnemonic: 'cmp', doc: 'cmp BF,L,RA,RB (X) 3.3.10', body: `
  let c: number;
  if ($L21) {
    const a64 = GPR(g$RA);
    const b64 = GPR(g$RB);
    c = LT64S(a64, b64) ? 8 : GT64S(a64, b64) ? 4 : 2;
  } else {
    const a = r[g$RA]!, b = r[g$RB]!;
    c = a < b ? 8 : a > b ? 4 : 2;
  }${setCrField}` },
  { mnemonic: 'cmpli', doc: 'cmpli BF,L,RA,UI (D) 3.3.10', body: `
  let c: number;
  if ($L21) {
    const a64 = GPR(g$RA);
    const b64 = EXTZ($UI);
    c = LT64U(a64, b64) ? 8 : GT64U(a64, b64) ? 4 : 2;
  } else {
    const l = r[g$RA]! >>> 0;
    c = l < $UI ? 8 : l > $UI ? 4 : 2;
  }${setCrField}` },
  { mnemonic: 'cmpl', doc: 'cmpl BF,L,RA,RB (X) 3.3.10', body: `
  let c: number;
  if ($L21) {
    const a64 = GPR(g$RA);
    const b64 = GPR(g$RB);
    c = LT64U(a64, b64) ? 8 : GT64U(a64, b64) ? 4 : 2;
  } else {
    const al = r[g$RA]! >>> 0, bl = r[g$RB]! >>> 0;
    c = al < bl ? 8 : al > bl ? 4 : 2;
  }${setCrField}` },
  { mnemonic: 'lwz', doc: 'lwz RT,D(RA) (D) 3.3.2', body: `${eaDisplacement('$SI')}
  SET_GPR(g$RT, EXTZ(cpu.load32(eh, el, LE)));
  NEXT;` },
  { mnemonic: 'lhz', doc: 'lhz RT,D(RA) (D) 3.3.2', body: `${eaDisplacement('$SI')}
  SET_GPR(g$RT, EXTZ(cpu.load16(eh, el, LE)));
  NEXT;` },
  { mnemonic: 'lbz', doc: 'lbz RT,D(RA) (D) 3.3.2', body: `${eaDisplacement('$SI')}
  SET_GPR(g$RT, EXTZ(cpu.load8(eh, el)));
  NEXT;` },
  { mnemonic: 'ld', doc: 'ld RT,DS(RA) (DS) 3.3.2', body: `${eaDisplacement('$DS')}
  const v = cpu.load64(eh, el, LE);
  SET_GPR(g$RT, JOIN64(cpu.loadedHi, v));
  NEXT;` },
  { mnemonic: 'stw', doc: 'stw RS,D(RA) (D) 3.3.3', body: `${eaDisplacement('$SI')}
  cpu.store32(eh, el, r[g$RS]!, LE);
  NEXT;` },
  { mnemonic: 'sth', doc: 'sth RS,D(RA) (D) 3.3.3', body: `${eaDisplacement('$SI')}
  cpu.store16(eh, el, r[g$RS]!, LE);
  NEXT;` },
  { mnemonic: 'stb', doc: 'stb RS,D(RA) (D) 3.3.3', body: `${eaDisplacement('$SI')}
  cpu.store8(eh, el, r[g$RS]!);
  NEXT;` },
  { mnemonic: 'std', doc: 'std RS,DS(RA) (DS) 3.3.3', body: `${eaDisplacement('$DS')}
  cpu.store64(eh, el, r[g$RS + 1]!, r[g$RS]!, LE);
  NEXT;` },
  { mnemonic: 'stdu', doc: 'stdu RS,DS(RA) (DS) 3.3.3: RA = EA; the form with RA=0 is invalid (QEMU: illegal)',
    guard: '$RA !== 0', otherwise: { handler: 'illegal', module: 'system.js' }, body: `
  const s = (r[g$RA]! >>> 0) + $DS;
  const el = s | 0, eh = (r[g$RA + 1]! + (s - (s >>> 0)) / TWO32) | 0;
  cpu.store64(eh, el, r[g$RS + 1]!, r[g$RS]!, LE);
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'lbzu', doc: 'lbzu RT,D(RA) (D) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)',
    guard: '$RA !== 0 && $RA !== $RT', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$SI')}
  SET_GPR(g$RT, EXTZ(cpu.load8(eh, el)));
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'lhzu', doc: 'lhzu RT,D(RA) (D) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)',
    guard: '$RA !== 0 && $RA !== $RT', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$SI')}
  SET_GPR(g$RT, EXTZ(cpu.load16(eh, el, LE)));
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'lwzu', doc: 'lwzu RT,D(RA) (D) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)',
    guard: '$RA !== 0 && $RA !== $RT', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$SI')}
  SET_GPR(g$RT, EXTZ(cpu.load32(eh, el, LE)));
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'ldu', doc: 'ldu RT,DS(RA) (DS) 3.3.2: RA = EA; RA=0 or RA=RT is invalid (QEMU: illegal)',
    guard: '$RA !== 0 && $RA !== $RT', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$DS')}
  const v = cpu.load64(eh, el, LE);
  SET_GPR(g$RT, JOIN64(cpu.loadedHi, v));
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'stbu', doc: 'stbu RS,D(RA) (D) 3.3.3: RA = EA; RA=0 is invalid (QEMU: illegal)',
    guard: '$RA !== 0', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$SI')}
  cpu.store8(eh, el, r[g$RS]!);
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'sthu', doc: 'sthu RS,D(RA) (D) 3.3.3: RA = EA; RA=0 is invalid (QEMU: illegal)',
    guard: '$RA !== 0', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$SI')}
  cpu.store16(eh, el, r[g$RS]!, LE);
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'stwu', doc: 'stwu RS,D(RA) (D) 3.3.3: RA = EA; RA=0 is invalid (QEMU: illegal)',
    guard: '$RA !== 0', otherwise: { handler: 'illegal', module: 'system.js' }, body: `${eaUpdate('$SI')}
  cpu.store32(eh, el, r[g$RS]!, LE);
  SET_GPR(g$RA, JOIN64(eh, el));
  NEXT;` },
  { mnemonic: 'ldx', doc: 'ldx RT,RA,RB (X) 3.3.2', body: `${eaIndexed}
  const v = cpu.load64(eh, el, LE);
  SET_GPR(g$RT, JOIN64(cpu.loadedHi, v));
  NEXT;` },
  { mnemonic: 'lwzx', doc: 'lwzx RT,RA,RB (X) 3.3.2', body: `${eaIndexed}
  SET_GPR(g$RT, EXTZ(cpu.load32(eh, el, LE)));
  NEXT;` },
  { mnemonic: 'lbzx', doc: 'lbzx RT,RA,RB (X) 3.3.2', body: `${eaIndexed}
  SET_GPR(g$RT, EXTZ(cpu.load8(eh, el)));
  NEXT;` },
  { mnemonic: 'stdx', doc: 'stdx RS,RA,RB (X) 3.3.3', body: `${eaIndexed}
  cpu.store64(eh, el, r[g$RS + 1]!, r[g$RS]!, LE);
  NEXT;` },
  { mnemonic: 'stwx', doc: 'stwx RS,RA,RB (X) 3.3.3', body: `${eaIndexed}
  cpu.store32(eh, el, r[g$RS]!, LE);
  NEXT;` },
  { mnemonic: 'b', doc: 'b[l][a] target (I) 2.4', body: `${relativeTarget('$LI')}
  if ($LK) linkRegister(r, PC_HI, PC_LO, cpu.mode64);
  r[W_CFAR] = PC_LO; r[W_CFAR + 1] = PC_HI; // CFAR: the taken branch's address (QEMU gen_update_cfar)
  JUMP(tHi, tLo);` },
  { mnemonic: 'bc', doc: 'bc[l][a] BO,BI,target (B) 2.4: CTR decremented unless BO[2], CR[BI] tested unless BO[0]', body: `${branchCondition}
  if ($LK) linkRegister(r, PC_HI, PC_LO, cpu.mode64);
  if (!taken) NEXT;${relativeTarget('$BD')}
  r[W_CFAR] = PC_LO; r[W_CFAR + 1] = PC_HI; // CFAR: the taken branch's address (QEMU gen_update_cfar)
  JUMP(tHi, tLo);` },
  { mnemonic: 'bclr', doc: 'bclr[l] BO,BI,BH (XL) 2.4: to LR, read before LK writes it', body: `${branchCondition}
  const tLo = r[W_LR]! & ~3, tHi = cpu.mode64 ? r[W_LR + 1]! : 0;
  if ($LK) linkRegister(r, PC_HI, PC_LO, cpu.mode64);
  if (!taken) NEXT;
  r[W_CFAR] = PC_LO; r[W_CFAR + 1] = PC_HI; // CFAR: the taken branch's address (QEMU gen_update_cfar)
  JUMP(tHi, tLo);` },
  { mnemonic: 'bcctr', doc: 'bcctr[l] BO,BI,BH (XL) 2.4: the form that decrements CTR (BO[2]=0) is invalid (QEMU: illegal)',
    guard: '($BO & 4) !== 0', otherwise: { handler: 'illegal', module: 'system.js' }, body: `
  const taken = ($BO & 16) !== 0 || ((r[W_CR]! >>> (31 - $BI)) & 1) === (($BO >>> 3) & 1);
  if ($LK) linkRegister(r, PC_HI, PC_LO, cpu.mode64);
  if (!taken) NEXT;
  const tLo = r[W_CTR]! & ~3, tHi = cpu.mode64 ? r[W_CTR + 1]! : 0;
  r[W_CFAR] = PC_LO; r[W_CFAR + 1] = PC_HI; // CFAR: the taken branch's address (QEMU gen_update_cfar)
  JUMP(tHi, tLo);` },
  { mnemonic: 'bctar', doc: 'bctar[l] BO,BI,BH (XL) 2.4: to TAR, read before LK writes LR; CTR decremented unless BO[2]', body: `${branchCondition}
  const tLo = r[W_TAR]! & ~3, tHi = cpu.mode64 ? r[W_TAR + 1]! : 0;
  if ($LK) linkRegister(r, PC_HI, PC_LO, cpu.mode64);
  if (!taken) NEXT;
  r[W_CFAR] = PC_LO; r[W_CFAR + 1] = PC_HI; // CFAR: the taken branch's address (QEMU gen_update_cfar)
  JUMP(tHi, tLo);` },
  { mnemonic: 'mfspr', doc: 'mfspr RT,LR / RT,CTR (XFX) 3.3.17: other SPRs through isa/spr-table.ts',
    guard: '$SPR === SPR_LR || $SPR === SPR_CTR', otherwise: { handler: 'mfsprBySprTable', module: 'spr.js' }, body: `
  if ($SPR === SPR_LR) { SET_GPR(g$RT, REG64(W_LR)); }
  else { SET_GPR(g$RT, REG64(W_CTR)); }
  NEXT;` },
  { mnemonic: 'mtspr', doc: 'mtspr LR,RS / CTR,RS (XFX) 3.3.17: other SPRs through isa/spr-table.ts',
    guard: '$SPR === SPR_LR || $SPR === SPR_CTR', otherwise: { handler: 'mtsprBySprTable', module: 'spr.js' }, body: `
  if ($SPR === SPR_LR) { SET_REG64(W_LR, GPR(g$RS)); }
  else { SET_REG64(W_CTR, GPR(g$RS)); }
  NEXT;` },
];
