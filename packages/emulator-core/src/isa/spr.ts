import type { Cpu } from '../cpu/cpu.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { sprWord, SPR_TBU_READ } from '../state/layout.js';
import { fRT, fSPR } from './fields.js';
import { lo, hi, setGpr } from './registers.js';
import { illegal, privileged } from './system.js';
import { SPR_RULES, Access, sprValue, ACCESS_OK, ACCESS_IGNORE, type SprRule } from './spr-table.js';
import { isaBits } from '../decode/field-specs.js';

/*
 * Move to/from SPR (Book I 3.3.17, Book III 5.4.4) through the access table in
 * spr-table.ts. LR and CTR run inline in the interpreter. An SPR the table does not
 * allow at the current privilege: in problem state, a privileged Program interrupt
 * when the number has bit 0x10 set (the ISA's privileged SPR numbers) and an
 * illegal instruction otherwise; in guest supervisor state, HEAI — the hypervisor
 * emulates or rejects it, as KVM-HV does.
 */

function denied(c: Cpu, w: number, spr: number): number {
  if (c.problemState && (spr & 0x10) !== 0) return privileged(c, w);
  return illegal(c, w);
}

const allowed = (c: Cpu, rule: SprRule, level: number): boolean =>
  (level === Access.User || (level === Access.Privileged && !c.problemState)) && (c.systemMode || rule.systemOnly !== true);

/** mfspr for every SPR but LR and CTR (those: isa/semantics/hot.ts). */
export function mfsprBySprTable(c: Cpu, w: number): number {
  const spr = fSPR(w), rt = fRT(w);
  const rule = SPR_RULES[spr];
  if (!rule || !allowed(c, rule, rule.read)) return denied(c, w, spr);
  if (rule.nop) return Flow.Next;
  if (rule.check) {
    const verdict = rule.check(c, false, w);
    if (verdict === ACCESS_IGNORE) return Flow.Next;
    if (verdict !== ACCESS_OK) return verdict;
  }
  if (rule.readValue) { rule.readValue(c); setGpr(c, rt, rule.width32 ? 0 : sprValue.hi, sprValue.lo); return Flow.Next; }
  const wi = sprWord(rule.storage ?? spr);
  setGpr(c, rt, rule.width32 ? 0 : c.r[wi + 1]!, c.r[wi]!);
  return Flow.Next;
}

/** mtspr for every SPR but LR and CTR (those: isa/semantics/hot.ts). */
export function mtsprBySprTable(c: Cpu, w: number): number {
  const spr = fSPR(w), rs = fRT(w);
  const rule = SPR_RULES[spr];
  if (!rule || !allowed(c, rule, rule.write)) return denied(c, w, spr);
  if (rule.nop) return Flow.Next;
  if (rule.check) {
    const verdict = rule.check(c, true, w);
    if (verdict === ACCESS_IGNORE) return Flow.Next;
    if (verdict !== ACCESS_OK) return verdict;
  }
  const h = rule.width32 ? 0 : hi(c, rs), l = lo(c, rs);
  if (rule.writeValue) return rule.writeValue(c, h, l);
  const wi = sprWord(rule.storage ?? spr);
  c.r[wi] = l; c.r[wi + 1] = h;
  if (rule.afterWrite) return rule.afterWrite(c, h, l);
  return Flow.Next;
}

// mftb RT,TBR (XFX) Book II 5.2: 268 = TB, 269 = TBU (upper half)
function mftb(c: Cpu, w: number): number {
  const clock = c.clock;
  clock.read();
  if (fSPR(w) === SPR_TBU_READ) setGpr(c, fRT(w), 0, clock.hi);
  else setGpr(c, fRT(w), clock.hi, clock.lo);
  return Flow.Next;
}


export const sprDefs: InstructionDef[] = [
  { mnemonic: 'mfspr', form: 'XFX', primary: 31, xo: 339, reserved: isaBits('31') },
  { mnemonic: 'mtspr', form: 'XFX', primary: 31, xo: 467 },
  { mnemonic: 'mftb', form: 'XFX', primary: 31, xo: 371, exec: mftb },
];
