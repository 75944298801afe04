/**
 * Print what qemu-ppc64le 7.2 (and the emulator) leave after one instruction:
 *   node packages/emulator-core/dist/isa/fp/__fixtures__/oracle/qemu-case.js WORD FPSCR F0 F1 F2 F3 [CR]
 * (hex; FRT/FRA/FRB/FRC of the instruction should be among f0..f3). Used to take the
 * expected values of the readable tests from QEMU.
 */
import { runOnQemu, runOnEmulator, fpscrNames } from './harness.js';

const [w, fpscr, f0, f1, f2, f3, cr] = process.argv.slice(2).map((x) => BigInt('0x' + x));
const c = { w: Number(w), fpscr: fpscr ?? 0n, cr: Number(cr ?? 0n), f: [f0 ?? 0n, f1 ?? 0n, f2 ?? 0n, f3 ?? 0n] };
const q = runOnQemu([c])[0]!;
const e = runOnEmulator(c);
for (const [who, r] of [['qemu', q], ['emulator', e]] as const) {
  console.log(`${who}: sig ${r.sig} f0..f3 ${r.f.slice(0, 4).join(' ')} fpscr ${r.fpscr} (${fpscrNames(r.fpscr)}) cr ${r.cr}`);
}
