import { disassemble } from './disasm.js';
import { buildProgram, DATA_BASE } from './program.js';
import {
  SCRATCH_OFF, SCRATCH_SIZE, bytesText, crText, xerText, fpscrText, fpText, hex64, type MachineState,
} from './state.js';
import type { Verdict } from './compare.js';
import type { TestCase } from './testcase.js';

const MEMORY_CLASSES = new Set(['load', 'store', 'atomic', 'fp-load', 'fp-store', 'string', 'multiple', 'storage']);

/** The case's sequence as placed alone in a program (as the repro runs it), disassembled. */
export function listing(tc: TestCase): string[] {
  const image = buildProgram([tc]);
  const lines = image.listings[0]!;
  const text = disassemble(lines.map((l) => l.word));
  return lines.map((l, i) => {
    const addr = '0x' + l.address.toString(16).padStart(8, '0');
    const word = l.word.toString(16).padStart(8, '0');
    return `  ${l.test ? '>' : ' '} ${addr}  ${word}  ${text[i]!.padEnd(32)}${l.test ? '' : ' (setup)'}`;
  });
}

function stateText(s: MachineState, tc: TestCase, showFp: boolean, showMem: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < 32; i += 4) {
    out.push('  ' + [0, 1, 2, 3].map((k) => {
      const r = i + k;
      const v = r === 31 ? `block 0x${DATA_BASE.toString(16)}` : hex64(s.gpr[r]!);
      return `r${r}`.padStart(3) + ' ' + v.padEnd(18);
    }).join(' '));
  }
  out.push(`  cr ${crText(s.cr)}`, `  xer ${hex64(s.xer)}${xerText(s.xer)}`, `  lr ${hex64(s.lr)}  ctr ${hex64(s.ctr)}`);
  if (tc.sprs) out.push(`  tar ${hex64(s.tar)}  vrsave ${hex64(s.vrsave)}  ppr ${hex64(s.ppr)}`);
  if (showFp && tc.fp) {
    out.push(`  fpscr ${hex64(s.fpscr)}${fpscrText(s.fpscr)}`);
    for (let i = 0; i < 32; i += 2) out.push(`  ${`f${i}`.padStart(3)} ${fpText(s.fpr[i]!).padEnd(48)} ${`f${i + 1}`.padStart(3)} ${fpText(s.fpr[i + 1]!)}`);
  }
  if (showMem) {
    out.push(`  scratch memory (at r31+0x${SCRATCH_OFF.toString(16)}):`);
    for (let o = 0; o < SCRATCH_SIZE; o += 32) out.push(`    +${o.toString(16).padStart(3, '0')}  ${bytesText(s.scratch.subarray(o, o + 32))}`);
  }
  return out;
}

export interface ReportInput {
  tc: TestCase;
  verdict: Verdict;
  originalLength: number;
  /** the mismatch did not reproduce when the case ran alone */
  isolatedOk?: boolean;
  /** generator options the case depends on, as CLI arguments (--only, --max-length) */
  generatorArgs?: string;
}

/** A full report: sequence with disassembly, input state, and the differences. */
export function formatReport(r: ReportInput): string {
  const { tc, verdict } = r;
  const mnems = tc.slots.map((s) => s.mnemonic).join(', ');
  const classes = [...new Set(tc.slots.map((s) => s.cls))].join(', ');
  const lines: string[] = [];
  const minimised = r.originalLength !== tc.slots.length ? ` (minimised from ${r.originalLength} to ${tc.slots.length} instructions)` : '';
  lines.push(`=== MISMATCH seed ${tc.seed} case ${tc.index} [${classes}: ${mnems}]${minimised}`);
  lines.push(`reproduce: pnpm difftest --seed ${tc.seed} --case ${tc.index}${r.generatorArgs ?? ''}`);
  if (r.isolatedOk) lines.push('note: this case passes when run alone; the mismatch depends on the batch (state left by earlier cases?)');
  lines.push('code:', ...listing(tc));
  const fpInvolved = tc.slots.some((s) => s.cls.startsWith('fp')) || (!verdict.ok && verdict.kind === 'state' && verdict.diffs.some((d) => d.name.startsWith('f')));
  const memInvolved = tc.slots.some((s) => MEMORY_CLASSES.has(s.cls)) && !verdict.ok && verdict.kind === 'state';
  lines.push('input:', ...stateText(tc.input, tc, fpInvolved, memInvolved));
  if (!verdict.ok && verdict.kind === 'state') {
    lines.push('differences (qemu | hvstep):');
    const w = Math.max(...verdict.diffs.map((d) => d.name.length));
    for (const d of verdict.diffs) lines.push(`  ${d.name.padEnd(w)}  qemu   ${d.a}`, `  ${''.padEnd(w)}  hvstep ${d.b}`);
  } else if (!verdict.ok) {
    lines.push('outcome:', `  qemu   ${verdict.qemu}`, `  hvstep ${verdict.hvstep}`);
  }
  return lines.join('\n');
}

/** One line for a mismatch that is not reported in full. */
export function shortReport(tc: TestCase, verdict: Verdict): string {
  let what = '';
  if (!verdict.ok && verdict.kind === 'state') what = verdict.diffs.slice(0, 3).map((d) => `${d.name}: ${d.a} != ${d.b}`).join('; ');
  else if (!verdict.ok) what = `qemu ${verdict.qemu} / hvstep ${verdict.hvstep}`;
  return `mismatch seed ${tc.seed} case ${tc.index} [${tc.slots.map((s) => s.mnemonic).join(', ')}] ${what}`;
}
