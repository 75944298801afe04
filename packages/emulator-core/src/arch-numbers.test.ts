/**
 * One home for each kind of architecture number (docs/ARCHITECTURE.md, "Architecture
 * numbers: where each lives"). This suite scans the sources of every package and
 * fails when a number that has a home is defined somewhere else: an SPR_* constant
 * outside cpu/spr-numbers.ts, a table of interrupt vector offsets (or a vector
 * literal compared with an exception field) outside cpu/vectors.ts, MSR / DSISR /
 * SRR1 bit constants outside cpu/msr.ts, cpu/dsisr.ts and cpu/srr1.ts, KVM
 * capability numbers and limits outside the hypervisor's kvm/constants.ts.
 *
 * It reads the TypeScript sources (not dist), from the repository root. Left out:
 * test files (a test may spell a number out to check it), and the folders other
 * work owns for now (emulator-core isa/, decode/, interp/; vmm debug/; gdbstub).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Spr from './cpu/spr-numbers.js';
import { Vector, vectorAddress, vectorName } from './cpu/vectors.js';
import { MSR_HI_SF, MSR_SE, MSR64_SF, MSR64_SE, MSR64_LE } from './cpu/msr.js';
import { SRR1_INTERRUPT_BITS, SRR1_NOPTE } from './cpu/srr1.js';
import { DSISR_NOPTE } from './cpu/dsisr.js';

/** dist/arch-numbers.test.js -> the repository root. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Paths (relative to the repository root, '/'-separated) the scan leaves alone. */
const NOT_SCANNED = [
  'packages/emulator-core/src/isa/',
  'packages/emulator-core/src/decode/',
  'packages/emulator-core/src/interp/',
  'packages/gdbstub/',
];

const HOME = {
  spr: 'packages/emulator-core/src/cpu/spr-numbers.ts',
  vector: 'packages/emulator-core/src/cpu/vectors.ts',
  msr: 'packages/emulator-core/src/cpu/msr.ts',
  dsisr: 'packages/emulator-core/src/cpu/dsisr.ts',
  srr1: 'packages/emulator-core/src/cpu/srr1.ts',
  kvm: 'packages/hypervisor/src/kvm/constants.ts',
} as const;

/**
 * Names that match a rule's pattern without being the number it guards, each with
 * why. Keep this list short: a new entry needs a reason of the same kind.
 */
const NOT_A_REDEFINITION: Readonly<Record<string, string>> = {
  // register-file byte offsets (state/layout.ts), not an SPR number or an MSR bit
  'packages/emulator-core/src/state/layout.ts:SPR_BYTE': 'offset of the SPR file in the register file',
  'packages/emulator-core/src/state/layout.ts:MSR_BYTE': 'offset of the MSR in the register file',
  // the debugger's hide mask from the single-step spec (SE | SRR1 bits 33:36 | 43:47): a policy, not an ISA bit set
  'packages/scenarios/src/msr.ts:SRR1_INTERRUPT_MASK': "the single-step spec's SRR1 hide mask",
  'packages/vmm/src/debug/sstep/step-finish.ts:SRR1_HIDE_MASK': "the single-step spec's SRR1 hide mask (debugger policy, section 3), not an ISA bit set",
};

interface Finding { file: string; line: number; rule: string; text: string }

/** A numeric literal at the start of an initializer: 815, 0x30f, 0x400n, 1n << 63n, (1 << 10). */
const NUMERIC_START = String.raw`\(?\s*(?:0[xX][0-9a-fA-F_]+|\d[\d_]*)n?\b`;
/** A vector offset literal, with or without leading zeros or the bigint suffix. */
const VECTOR_LITERAL = String.raw`0x0*(?:100|200|300|380|400|480|500|600|700|800|900|980|a00|c00|d00|e00|e20|e40|e60|e80|ea0|f00|f20|f40|f60|f80|17000)n?\b`;
/** Words in a name that say "this is an interrupt vector". */
const VECTOR_NAME = /vector|excp|exception|interrupt|heai|hdsi|hisi|hdec|\bdsi\b|\bisi\b|trace|syscall|system_?call|program|alignment|decrementer|doorbell|reset|machine_?check|external|facility|segment|storage|emulation/i;

/** Blanks out comments, keeping line numbers (a comment may quote a number freely). */
function stripComments(text: string): string {
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (m, lead: string) => lead + blank(m.slice(lead.length)));
}

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * The rules, applied to one file's text. `file` is the repository-relative path; the
 * homes themselves are exempt from their own rule.
 */
function findRedefinitions(file: string, source: string): Finding[] {
  const text = stripComments(source);
  const found: Finding[] = [];
  const add = (rule: string, index: number, match: string, name?: string): void => {
    if (name !== undefined && NOT_A_REDEFINITION[`${file}:${name}`] !== undefined) return;
    found.push({ file, line: lineOf(text, index), rule, text: match.trim().replace(/\s+/g, ' ') });
  };
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void): void => {
    for (let m = re.exec(text); m !== null; m = re.exec(text)) fn(m);
  };
  // A constant of a family given a numeric value: `const SPR_TAR = 815` (or `readonly`/`static`
  // fields), `, SPR_SRR1 = 27` further along a declarator list, `{ SPR_TAR: 815 }` in an object.
  const family = (rule: string, home: readonly string[], prefix: string): void => {
    if (home.includes(file)) return;
    const name = String.raw`(${prefix}[A-Za-z0-9_]*)`;
    const declared = String.raw`(?:\b(?:const|let|var|readonly|static)\s+|,\s*)${name}\s*(?::\s*[A-Za-z][\w<>\[\]| ]*)?=\s*${NUMERIC_START}`;
    const property = String.raw`[{,]\s*${name}\s*:\s*${NUMERIC_START}`;
    each(new RegExp(`${declared}|${property}`, 'g'), (m) => add(rule, m.index, m[0], m[1] ?? m[2]));
  };

  family('SPR number outside cpu/spr-numbers.ts', [HOME.spr], 'SPR_');
  family('MSR bit outside cpu/msr.ts', [HOME.msr], 'MSR(?:64)?_');
  family('DSISR bit outside cpu/dsisr.ts', [HOME.dsisr], 'DSISR_');
  family('SRR1 bit outside cpu/srr1.ts', [HOME.srr1], 'SRR1_');
  family('KVM capability outside kvm/constants.ts', [HOME.kvm], 'KVM_CAP_');
  family('KVM capability limit outside kvm/constants.ts', [HOME.kvm], 'HW_(?:BREAK|WATCH)POINTS');

  if (file !== HOME.kvm) {
    each(/\bcheckExtension\(\s*(?:0x[0-9a-f_]+|\d[\d_]*)\s*\)/gi, (m) => add('KVM capability as a bare number', m.index, m[0]));
  }

  if (file !== HOME.vector) {
    // a list of three or more vector offsets: [0x100, 0x200, 0x300, ...]
    each(new RegExp(String.raw`\[\s*(?:${VECTOR_LITERAL}\s*,\s*){2,}${VECTOR_LITERAL}\s*,?\s*\]`, 'gi'),
      (m) => add('table of vector offsets outside cpu/vectors.ts', m.index, m[0]));
    // a named vector: `const HEAI = 0xe40`, `Trace: 0xd00`, `TRACE_VECTOR = 0xd00n`
    each(new RegExp(String.raw`\b([A-Za-z_]\w*)\s*[=:]\s*${VECTOR_LITERAL}`, 'gi'), (m) => {
      if (VECTOR_NAME.test(m[1]!)) add('vector offset named outside cpu/vectors.ts', m.index, m[0], m[1]);
    });
    // an exception or vector field compared with a literal: `e.exception === 0xe40`
    each(new RegExp(String.raw`\b\w*(?:exception|vector)\w*\s*[!=]==?\s*${VECTOR_LITERAL}|${VECTOR_LITERAL}\s*[!=]==?\s*[\w.]*(?:exception|vector)`, 'gi'),
      (m) => add('vector offset compared as a literal', m.index, m[0]));
  }
  return found;
}

/** Every non-test TypeScript source under packages/<name>/src that the scan covers. */
function scannedSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      const rel = path.relative(REPO_ROOT, full).split(path.sep).join('/');
      if (NOT_SCANNED.some((p) => rel.startsWith(p))) continue;
      if (statSync(full).isDirectory()) { if (entry !== 'node_modules' && entry !== 'dist') walk(full); continue; }
      if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts')) files.push(rel);
    }
  };
  for (const pkg of readdirSync(path.join(REPO_ROOT, 'packages'))) {
    const src = path.join(REPO_ROOT, 'packages', pkg, 'src');
    if (statSync(path.join(REPO_ROOT, 'packages', pkg)).isDirectory() && existsDir(src)) walk(src);
  }
  return files;
}

function existsDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

describe('architecture numbers have one home', () => {
  it('no package redefines an SPR number, a vector, an MSR/DSISR/SRR1 bit or a KVM capability', () => {
    const files = scannedSources();
    // the scan must see the packages it guards (a wrong root would pass vacuously)
    for (const must of [HOME.spr, HOME.vector, HOME.kvm, 'packages/vmm/src/machine.ts', 'packages/scenarios/src/msr.ts']) {
      expect(files).toContain(must);
    }
    const findings = files.flatMap((f) => findRedefinitions(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.text}`)).toEqual([]);
  });

  it('the rules catch the redefinitions they are for', () => {
    const rules = (file: string, text: string): string[] => findRedefinitions(file, text).map((f) => f.rule);
    const elsewhere = 'packages/vmm/src/somewhere.ts';
    expect(rules(elsewhere, 'const SPR_TAR = 815;')).toHaveLength(1);
    expect(rules(elsewhere, 'export const SPR_SRR0 = 26, SPR_SRR1 = 27;')).toHaveLength(2);
    expect(rules(elsewhere, 'const n = { SPR_LR: 8 };')).toHaveLength(1);
    expect(rules(elsewhere, 'const HEAI = 0xe40;')).toHaveLength(1);
    expect(rules(elsewhere, 'const T = { Trace: 0xd00, Program: 0x700 };')).toHaveLength(2);
    expect(rules(elsewhere, 'export const VECTORS = [0x300, 0x380, 0x400];')).toHaveLength(1);
    expect(rules(elsewhere, 'if (e.exception === 0xe40) stop();')).toHaveLength(1);
    expect(rules(elsewhere, 'export const MSR_SF = 1n << 63n;')).toHaveLength(1);
    expect(rules(elsewhere, 'const MSR_SE = 0x400n;')).toHaveLength(1);
    expect(rules(elsewhere, 'const SPR_TAR_HEX: number = 0x32F;')).toHaveLength(1);
    expect(rules(elsewhere, 'const DSISR_NOPTE = 0x40000000;')).toHaveLength(1);
    expect(rules(elsewhere, 'const SRR1_INTERRUPT_BITS = 0x783f0000;')).toHaveLength(1);
    expect(rules(elsewhere, 'const KVM_CAP_PPC_GUEST_DEBUG_SSTEP = 176;')).toHaveLength(1);
    expect(rules(elsewhere, 'export const HW_BREAKPOINTS = 4;')).toHaveLength(1);
    expect(rules(elsewhere, 'vm.checkExtension(176)')).toHaveLength(1);
    // ...and leave alone what only looks alike
    expect(rules(elsewhere, 'import { SPR_TAR, Vector } from "@hvstep/emulator-core"; const t = SPR_TAR;')).toEqual([]);
    expect(rules(elsewhere, 'const MSR_GUEST_BITS = MSR_EE | MSR_PR;')).toEqual([]);
    expect(rules(elsewhere, 'const msr = MSR64_SF | (le ? MSR64_LE : 0n); const s = `KVM_CAP_ONE_REG = 1`;')).toEqual([]);
    expect(rules(elsewhere, 'const H_RANDOM = 0x300; const flags = 0x100 | 0x200;')).toEqual([]);
    expect(rules(elsewhere, '// the Trace handler at 0xd00\n/* HEAI = 0xe40 */')).toEqual([]);
    expect(rules(HOME.spr, 'export const SPR_TAR = 815;')).toEqual([]);
    expect(rules(HOME.vector, 'export const Vector = { Trace: 0xd00, Program: 0x700, SystemCall: 0xc00 };')).toEqual([]);
    expect(rules(HOME.kvm, 'export const KVM_CAP_ONE_REG = 70;')).toEqual([]);
  });
});

describe('the homes themselves', () => {
  it('each SPR number is defined once (no two names share a number)', () => {
    const byNumber = new Map<number, string[]>();
    for (const [name, value] of Object.entries(Spr)) {
      if (!name.startsWith('SPR_') || typeof value !== 'number') continue;
      byNumber.set(value, [...(byNumber.get(value) ?? []), name]);
    }
    expect([...byNumber.values()].filter((names) => names.length > 1)).toEqual([]);
    // a few against the ISA's SPR table, spelled out here on purpose
    expect([Spr.SPR_LR, Spr.SPR_CTR, Spr.SPR_SRR0, Spr.SPR_SRR1, Spr.SPR_DPDES, Spr.SPR_TAR, Spr.SPR_LPCR, Spr.SPR_PIR])
      .toEqual([8, 9, 26, 27, 176, 815, 318, 1023]);
  });

  it('the vector table is QEMU\'s POWER9 table (cpu_init.c init_excp_POWER7/8/9)', () => {
    expect(Vector).toEqual({
      SystemReset: 0x100, MachineCheck: 0x200, DataStorage: 0x300, DataSegment: 0x380, InstructionStorage: 0x400,
      InstructionSegment: 0x480, External: 0x500, Alignment: 0x600, Program: 0x700, FloatingPointUnavailable: 0x800,
      Decrementer: 0x900, HypervisorDecrementer: 0x980, DirectedPrivilegedDoorbell: 0xa00, SystemCall: 0xc00, Trace: 0xd00,
      HypervisorDataStorage: 0xe00, HypervisorInstructionStorage: 0xe20, HypervisorEmulationAssistance: 0xe40,
      HypervisorMaintenance: 0xe60, DirectedHypervisorDoorbell: 0xe80, HypervisorVirtualization: 0xea0,
      PerformanceMonitor: 0xf00, VectorUnavailable: 0xf20, VsxUnavailable: 0xf40, FacilityUnavailable: 0xf60,
      HypervisorFacilityUnavailable: 0xf80, SystemCallVectored: 0x17000,
    });
    expect(new Set(Object.values(Vector)).size).toBe(Object.keys(Vector).length);
    expect(vectorName(0xe40)).toBe('HypervisorEmulationAssistance');
    expect(vectorName(0xb00)).toBeUndefined();
  });

  it('vectorAddress applies LPCR[AIL] as the ISA does', () => {
    expect(vectorAddress(Vector.Trace, 0)).toBe(0xd00n);
    expect(vectorAddress(Vector.Trace, 2)).toBe(0x18d00n);
    expect(vectorAddress(Vector.Trace, 3)).toBe(0xc000000000004d00n);
    expect(vectorAddress(Vector.Trace, 3, false)).toBe(0xd00n);
    expect(vectorAddress(Vector.MachineCheck, 3)).toBe(0x200n);
    expect(vectorAddress(Vector.SystemReset, 2)).toBe(0x100n);
  });

  it('the bigint MSR masks are the word masks in place', () => {
    expect(MSR64_SF).toBe(1n << 63n);
    expect(MSR64_SF).toBe(BigInt(MSR_HI_SF >>> 0) << 32n);
    expect(MSR64_SE).toBe(BigInt(MSR_SE));
    expect(MSR64_LE).toBe(1n);
  });

  it('SRR1 and DSISR causes share bit positions as the ISA defines (Linux DSISR_SRR1_MATCH_64S)', () => {
    expect(SRR1_NOPTE).toBe(DSISR_NOPTE);
    expect(SRR1_INTERRUPT_BITS).toBe(0x783f0000);
  });
});
