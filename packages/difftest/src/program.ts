import { fAA, fieldBits, decoder } from '@hvstep/emulator-core';
import { F } from './fields.js';
import * as A from './asm.js';
import { writeElf, wordsToBytes, alignUp, SEGMENT_ALIGN, PF_R, PF_W, PF_X, type Segment } from './elf.js';
import {
  BLOCK_SIZE, IN_OFF, OUT_OFF, SCRATCH_OFF, RECORD_SIZE, RECORD_MAGIC, R, writeState,
} from './state.js';
import { LABEL_SETUP_WORDS, type TestCase, type SetupItem } from './testcase.js';

/**
 * Builds the test program for a batch of cases: a data segment holding each case's
 * block (input state, output record with its header, scratch memory) and a code
 * segment with one straight-line wrapper per case. Case i's code loads its input
 * state from block i, runs its sequence, dumps the user state into the block's
 * output record and writes the record to stdout; then it falls through to case
 * i+1. After the last case the program calls exit_group(0). Every case is
 * self-contained, so a run can start at any case (the restart after a fault sets
 * the ELF entry, or the vCPU's NIP, to that case's first word).
 */

export const DATA_BASE = 0x100000;
export const BASE_REG = 31;
export const SYS_WRITE = 4;
export const SYS_EXIT_GROUP = 234;

/** A line of a case listing: a word of the sequence and whether it is the tested instruction. */
export interface ListingLine { address: number; word: number; slot: number; test: boolean }

export interface CaseCode { words: number[]; listing: ListingLine[] }

export interface ProgramImage {
  elf: Uint8Array;
  segments: Segment[];
  /** address of each case's first word; the last entry is the exit stub */
  entries: number[];
  /** bytes of guest memory needed to hold every segment */
  memorySize: number;
  listings: ListingLine[][];
}

/** The harness needs these FP instructions to load and save FPRs and FPSCR. */
export const FP_HARNESS_WORDS = [A.lfd(0, 0, BASE_REG), A.stfd(0, 0, BASE_REG), A.mtfsf(0xff, 0, 1), A.mffs(0)];

/** The vector harness: lxvd2x/stxvd2x move the 64 VSRs, mtvscr/mfvscr the VSCR (through VR 0). */
export const VEC_HARNESS_WORDS = [A.lxvd2x(63, BASE_REG, 0), A.stxvd2x(63, BASE_REG, 0), A.mtvscr(0), A.mfvscr(0)];

/** Whether hvstep implements the vector harness (cases then load and compare every VSR and VSCR). */
export const vecHarnessAvailable = (): boolean => VEC_HARNESS_WORDS.every((w) => decoder.lookup(w) !== undefined);

/** The 64-bit-mode user state loader: r31 = block, then CR, XER, LR, CTR, (SPRs), FPSCR, FPRs, GPRs. */
function prologue(tc: TestCase, blockAddr: number): number[] {
  const w: number[] = [];
  const base = BASE_REG;
  w.push(...A.loadAddress(base, blockAddr));
  // a store conditional to our own block never succeeds (no reservation can be there) and clears any reservation
  if (tc.reservation) w.push(A.stdcx(0, 0, base));
  const inp = (o: number): number => IN_OFF + o;
  w.push(A.ld(0, inp(R.cr), base), A.mtcrf(0xff, 0));
  w.push(A.ld(0, inp(R.xer), base), A.mtspr(A.SPR_XER, 0));
  w.push(A.ld(0, inp(R.lr), base), A.mtspr(A.SPR_LR, 0));
  w.push(A.ld(0, inp(R.ctr), base), A.mtspr(A.SPR_CTR, 0));
  if (tc.sprs) {
    w.push(A.ld(0, inp(R.tar), base), A.mtspr(A.SPR_TAR, 0));
    w.push(A.ld(0, inp(R.vrsave), base), A.mtspr(A.SPR_VRSAVE, 0));
    w.push(A.ld(0, inp(R.ppr), base), A.mtspr(A.SPR_PPR, 0));
  }
  if (tc.fp) {
    w.push(A.lfd(0, inp(R.fpscr), base), A.mtfsf(0xff, 0, 1)); // L=1: the whole FPSCR, DRN included
    // mffs clears the exception flags QEMU 7.2 keeps in its softfloat status beyond FPSCR (which
    // some VSX max/min and conversion forms read): no case inherits them from the one before it
    w.push(A.mffs(0));
    if (!tc.vec) for (let i = 0; i < 32; i++) w.push(A.lfd(i, inp(R.fpr(i)), base));
  }
  if (tc.vec) {
    // VSCR through VR 0 first, then every VSR (dw0 of VSR 0-31 being the FPRs); r0 is the offset
    w.push(A.li(0, inp(R.vscrQuad)), A.lxvd2x(32, base, 0), A.mtvscr(0));
    for (let i = 0; i < 64; i++) w.push(A.li(0, inp(R.vsr(i))), A.lxvd2x(i, base, 0));
  }
  for (let i = 0; i < 31; i++) w.push(A.ld(i, inp(R.gpr(i)), base));
  return w;
}

function epilogue(tc: TestCase): number[] {
  const w: number[] = [];
  const base = BASE_REG;
  const out = (o: number): number => OUT_OFF + o;
  for (let i = 0; i < 32; i++) w.push(A.std(i, out(R.gpr(i)), base));
  w.push(A.mfcr(0), A.std(0, out(R.cr), base));
  w.push(A.mfspr(0, A.SPR_XER), A.std(0, out(R.xer), base));
  w.push(A.mfspr(0, A.SPR_LR), A.std(0, out(R.lr), base));
  w.push(A.mfspr(0, A.SPR_CTR), A.std(0, out(R.ctr), base));
  if (tc.sprs) {
    w.push(A.mfspr(0, A.SPR_TAR), A.std(0, out(R.tar), base));
    w.push(A.mfspr(0, A.SPR_VRSAVE), A.std(0, out(R.vrsave), base));
    w.push(A.mfspr(0, A.SPR_PPR), A.std(0, out(R.ppr), base));
  }
  if (tc.vec) {
    for (let i = 0; i < 64; i++) w.push(A.li(0, out(R.vsr(i))), A.stxvd2x(i, base, 0));
    w.push(A.mfvscr(0), A.li(0, out(R.vscrQuad)), A.stxvd2x(32, base, 0));
  }
  if (tc.fp) {
    if (!tc.vec) for (let i = 0; i < 32; i++) w.push(A.stfd(i, out(R.fpr(i)), base));
    w.push(A.mffs(0), A.stfd(0, out(R.fpscr), base));
  }
  w.push(A.li(0, SYS_WRITE), A.li(3, 1), A.addi(4, base, OUT_OFF), A.li(5, RECORD_SIZE), A.sc());
  return w;
}

const setupSize = (it: SetupItem): number => (typeof it === 'number' ? 1 : LABEL_SETUP_WORDS);

/** The code of one case placed at `codeAddr` with its data block at `blockAddr`. */
export function assembleCase(tc: TestCase, codeAddr: number, blockAddr: number): CaseCode {
  const words = prologue(tc, blockAddr);
  // label addresses: the first word of each slot's setup, and the end of the sequence
  const labels: number[] = [];
  let pos = codeAddr + 4 * words.length;
  for (const s of tc.slots) {
    labels.push(pos);
    pos += 4 * (s.setup.reduce((n: number, it) => n + setupSize(it), 0) + 1);
  }
  labels.push(pos);
  const listing: ListingLine[] = [];
  tc.slots.forEach((s, slot) => {
    for (const it of s.setup) {
      const ws = typeof it === 'number' ? [it] : [
        ...A.loadAddress(it.reg, labels[it.target]! | it.lowBits), A.mtspr(it.spr, it.reg),
      ];
      for (const x of ws) {
        listing.push({ address: codeAddr + 4 * words.length, word: x >>> 0, slot, test: false });
        words.push(x >>> 0);
      }
    }
    const here = codeAddr + 4 * words.length;
    let word = s.word >>> 0;
    if (s.branch) {
      const target = labels[s.branch.target]!;
      const disp = fAA(word) ? target : target - here;
      const field = s.branch.field;
      word = ((word & ~fieldBits(field)) | F[field](disp)) >>> 0;
    }
    listing.push({ address: here, word, slot, test: true });
    words.push(word);
  });
  words.push(...epilogue(tc));
  return { words, listing };
}

export function buildProgram(cases: readonly TestCase[]): ProgramImage {
  const dataSize = cases.length * BLOCK_SIZE;
  const data = new Uint8Array(Math.max(dataSize, 8));
  const view = new DataView(data.buffer);
  const codeBase = alignUp(DATA_BASE + dataSize, SEGMENT_ALIGN);
  const code: number[] = [];
  const entries: number[] = [];
  const listings: ListingLine[][] = [];
  cases.forEach((tc, i) => {
    const blockOff = i * BLOCK_SIZE;
    writeState(view, blockOff + IN_OFF, blockOff + SCRATCH_OFF, tc.input);
    view.setUint32(blockOff + OUT_OFF + R.magic, RECORD_MAGIC, true);
    view.setUint32(blockOff + OUT_OFF + R.index, i, true);
    view.setUint32(blockOff + OUT_OFF + R.vecDumped, tc.vec ? 1 : 0, true);
    const addr = codeBase + 4 * code.length;
    entries.push(addr);
    const cc = assembleCase(tc, addr, DATA_BASE + blockOff);
    code.push(...cc.words);
    listings.push(cc.listing);
  });
  entries.push(codeBase + 4 * code.length);
  code.push(A.li(0, SYS_EXIT_GROUP), A.li(3, 0), A.sc());
  const codeBytes = wordsToBytes(code);
  const segments: Segment[] = [
    { vaddr: DATA_BASE, data, flags: PF_R | PF_W },
    { vaddr: codeBase, data: codeBytes, flags: PF_R | PF_X },
  ];
  const end = codeBase + codeBytes.length;
  if (end > 0x1000000) throw new Error('test program too large (absolute branches need it below 16 MiB)');
  return { elf: writeElf(entries[0]!, segments), segments, entries, memorySize: alignUp(end, SEGMENT_ALIGN), listings };
}
