import { describe, expect, it } from '@jest/globals';
import { xorshift32, randomWordOf } from '../test-support/random-words.js';
import { fieldEncoder as put } from '../decode/fields.generated.js';
import { makeMachine, CODE_BASE, DATA_BASE } from '../test-support/machine.js';
import { decoder } from '../isa/index.js';
import { hotSemantics } from '../isa/semantics/hot.js';
import { inlineMask, fieldsUsed } from '../gen/template.js';
import { FIELD_SPECS, fieldMask } from '../decode/field-specs.js';
import { Flow } from '../decode/instruction.js';
import { runFast } from './fast-loop.js';
import { translateBlock, guardHolds } from '../gen/block.js';
import { W_NIP, W_INSN_COUNT, W_GPR } from '../state/layout.js';
import { GuestFaultSignal } from '../cpu/cpu.js';
import { wasmStraightBlock } from '../jit/wasm/straight-block.js';

/*
 * Every inline instruction has two paths: the case in the interpreter's switch and the
 * handler the other forms (and a translator) run. Both are generated from one
 * template; this checks that the specialisation kept the meaning: random register
 * states and words run through each path, and the whole register file and the data
 * memory must come out the same. The translators' two back ends run the word as a
 * one-instruction block and are held to the same state: the JavaScript block and the
 * WebAssembly block compiled from the same text (jit/wasm/template-compiler.ts).
 */


const DATA_MIDDLE = DATA_BASE + 0x8000;

describe('inline case, handler and translated blocks (JavaScript, WebAssembly) agree for every template', () => {
  const { cpu, memory } = makeMachine('nop');
  const r = cpu.r;
  const data = (): Uint8Array => memory.u8.subarray(DATA_BASE, DATA_BASE + 0x10000);

  for (const s of hotSemantics) {
    it(s.mnemonic, () => {
      const next = xorshift32(0x9e3779b9 ^ s.mnemonic.length * 7919 ^ s.mnemonic.charCodeAt(0));
      let inlineRuns = 0;
      for (let k = 0; k < 0x10000; k += 4) memory.write32(DATA_BASE + k, next() | 0, true);
      for (let i = 0; i < 20000 && inlineRuns < 300; i++) {
        // the forms the decoder sends inline; any other word runs the same handler on both paths
        let w = randomWordOf(next, s.mnemonic) & ~inlineMask(s);
        // small values for the fields a guard reads, so that it holds often enough (SPR 8 and 9)
        for (const f of s.guard ? fieldsUsed(s.guard).values : []) {
          if (next() & 1) w = (w & ~fieldMask(FIELD_SPECS[f])) | put[f](next() & 15);
        }
        if (decoder.decode(w) !== decoder.lookup(w)!.hot) continue;
        inlineRuns++;
        // registers: random, but addresses near the middle of the data page so every access is valid
        for (let k = 0; k < r.length; k++) r[k] = next() | 0;
        for (let g = 0; g < 32; g++) {
          if ((next() & 3) !== 0) { r[W_GPR + 2 * g] = DATA_MIDDLE + ((next() & 0x3ff8) - 0x2000); r[W_GPR + 2 * g + 1] = 0; }
        }
        cpu.mode64 = (next() & 3) !== 0;
        cpu.littleEndian = (next() & 1) !== 0;
        r[W_NIP] = CODE_BASE; r[W_NIP + 1] = 0;
        memory.write32(CODE_BASE, w, cpu.littleEndian);
        const before = { regs: r.slice(), data: data().slice() };

        runFast(cpu, 1);
        const afterInline = { regs: r.slice(), data: data().slice() };

        r.set(before.regs); data().set(before.data);
        let flow: number = Flow.Exit;
        try { flow = decoder.lookup(w)!.exec!(cpu, w); } catch (e) { if (!(e instanceof GuestFaultSignal)) throw e; }
        if (flow === Flow.Next) {
          const s32 = (r[W_NIP]! >>> 0) + 4;
          r[W_NIP] = s32 | 0;
          if (cpu.mode64 && s32 >= 4294967296) r[W_NIP + 1] = (r[W_NIP + 1]! + 1) | 0;
        }
        // the retired-instruction counter is the loop's business, not the instruction's
        r[W_INSN_COUNT] = afterInline.regs[W_INSN_COUNT]!; r[W_INSN_COUNT + 1] = afterInline.regs[W_INSN_COUNT + 1]!;
        const where = `${s.mnemonic} word 0x${(w >>> 0).toString(16)} mode64=${cpu.mode64} le=${cpu.littleEndian}`;
        const differs = r.findIndex((v, k) => v !== afterInline.regs[k]);
        if (differs >= 0) expect({ where, word: differs, handler: r[differs] }).toEqual({ where, word: differs, handler: afterInline.regs[differs] });
        expect(Buffer.compare(data(), afterInline.data)).toBe(0);

        // the translators' copies: the word as a one-instruction block, in JavaScript
        // (gen/block.ts) and compiled from the same text to WebAssembly (jit/wasm/straight-block.ts)
        if (guardHolds(s, w)) {
          const js = translateBlock([{ s, w }], 0, CODE_BASE, cpu.mode64);
          const wasm = wasmStraightBlock(cpu, [{ s, w }], 0, CODE_BASE, cpu.mode64, cpu.littleEndian);
          for (const [engine, block] of [['javascript', () => js(cpu, r, cpu.littleEndian)], ['webassembly', wasm]] as const) {
            r.set(before.regs); data().set(before.data);
            let faulted = false;
            try { block(); } catch (e) { if (!(e instanceof GuestFaultSignal)) throw e; faulted = true; }
            if (faulted) { r[W_NIP] = before.regs[W_NIP]!; r[W_NIP + 1] = before.regs[W_NIP + 1]!; }
            r[W_INSN_COUNT] = afterInline.regs[W_INSN_COUNT]!; r[W_INSN_COUNT + 1] = afterInline.regs[W_INSN_COUNT + 1]!;
            const translatedDiffers = r.findIndex((v, k) => v !== afterInline.regs[k]);
            if (translatedDiffers >= 0) expect({ where, engine, translated: translatedDiffers, value: r[translatedDiffers] }).toEqual({ where, engine, translated: translatedDiffers, value: afterInline.regs[translatedDiffers] });
            expect(Buffer.compare(data(), afterInline.data)).toBe(0);
          }
        }
      }
      expect(inlineRuns).toBe(300);
    });
  }
});
