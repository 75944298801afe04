/**
 * Random differential test of the FP instructions against qemu-ppc64le:
 *   node packages/emulator-core/dist/isa/fp/__fixtures__/oracle/fuzz.js [seed] [casesPerOp] [mnemonic,...]
 * Prints mismatches (at most 5 per mnemonic) and a summary. A case where QEMU
 * delivers SIGFPE (an enabled exception) is compared on FPRs and FPSCR only.
 */
import { runOnQemu, runOnEmulator, diffResults, fpscrNames, type FpResult } from './harness.js';
import { randomCases } from './cases.js';

const seed = Number(process.argv[2] ?? 1);
const n = Number(process.argv[3] ?? 200);
const only = process.argv[4]?.split(',');
const list = randomCases(seed, n, only);
const want = runOnQemu(list.map((x) => x.c));
const bad = new Map<string, number>();
let traps = 0;
list.forEach(({ op, c, sigOnly }, i) => {
  const q = want[i]!;
  const e = runOnEmulator(c);
  let d: string;
  if (sigOnly) {
    // (a SIGFPE is an enabled exception, which the emulator does not deliver yet)
    const qs = q.sig.startsWith('8:') ? '0' : q.sig;
    d = qs === e.sig ? '' : `sig ${q.sig} != ${e.sig}`;
  } else if (q.sig.startsWith('8:')) {
    traps++;
    const qq: FpResult = { ...q, sig: '0', cr: e.cr, g: e.g, mem: e.mem };
    d = diffResults(qq, e);
  } else {
    d = diffResults(q, e);
  }
  if (d === '') return;
  const k = (bad.get(op.mnemonic) ?? 0) + 1;
  bad.set(op.mnemonic, k);
  if (k <= 5) {
    console.log(`${op.mnemonic} w=${c.w.toString(16)} fpscr=${(c.fpscr ?? 0n).toString(16)} (${fpscrNames((c.fpscr ?? 0n).toString(16))}) ` +
      `f1=${c.f![1]!.toString(16)} f2=${c.f![2]!.toString(16)} f3=${c.f![3]!.toString(16)}` +
      (c.g ? ` g=${c.g.map((x) => x.toString(16)).join(',')}` : '') + ` qemu-sig=${q.sig}\n   ${d}`);
  }
});
const total = [...bad.values()].reduce((a, b) => a + b, 0);
console.log(`${list.length} cases, ${total} mismatches, ${traps} QEMU traps (compared without the signal)`);
for (const [m, k] of bad) console.log(`  ${m}: ${k}`);
process.exitCode = total === 0 ? 0 : 1;
