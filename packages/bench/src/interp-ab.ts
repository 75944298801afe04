import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * `node packages/bench/dist/interp-ab.js <checkout A> <checkout B> [rounds] [interp|jit]`:
 * the interpreter (or the translator) of two checkouts (each with packages/emulator-core built) in one process,
 * on the same guest loops, alternating, best of `rounds` runs each. A change to the
 * interpreter is judged by this ratio rather than by two separate `pnpm bench` runs:
 * on a shared machine, separate runs differ by more than the change (scripts/bench-ab.sh
 * builds a base commit in a temporary worktree and calls this).
 */

interface Core {
  run: (cpu: unknown, budget: number) => number;
  runJit: (cpu: unknown, budget: number) => number;
  Exit: { Budget: number };
  exitName: (code: number) => string;
}
interface TestSupport {
  makeMachine: (source: string) => { cpu: { r: Int32Array; state: { nip: bigint } } };
  CODE_BASE: number;
  DATA_BASE: number;
}

/** Guest loops, each a mix the interpreter's inline cases see in compiled code. */
export const AB_PROGRAMS: Readonly<Record<string, string>> = {
  'register loop': `
    lis 9, 0x7fff
    mtctr 9
  1: addi 3, 3, 1
    add 4, 3, 3
    xor 5, 4, 3
    cmpd 5, 4
    bdnz 1b`,
  'memory loop': `
    lis 10, 2
    lis 9, 0x7fff
    mtctr 9
  1: ld 4, 0(10)
    add 3, 3, 4
    std 3, 0(10)
    addi 10, 10, 8
    rldicl 10, 10, 0, 52
    oris 10, 10, 2
    bdnz 1b`,
  'calls and branches': `
    lis 9, 0x7fff
    mtctr 9
  1: bl 2f
    mflr 5
    cmpwi 5, 0
    beq 3f
    mr 6, 5
    rlwinm 7, 6, 3, 0, 28
    bdnz 1b
  3: b 3b
  2: mflr 8
    mtlr 8
    stdu 1, -32(1)
    addi 1, 1, 32
    blr`,
  'cold forms': `
    lis 9, 0x7fff
    mtctr 9
  1: add. 3, 3, 4
    subfo 5, 3, 4
    mulld 6, 5, 3
    srawi 7, 6, 3
    extsb 8, 7
    cntlzd 9, 8
    bdnz 1b`,
};

async function load(checkout: string): Promise<{ core: Core; support: TestSupport }> {
  const dist = join(checkout, 'packages/emulator-core/dist');
  const core = await import(pathToFileURL(join(dist, 'index.js')).href) as Core;
  const support = await import(pathToFileURL(join(dist, 'test-support/index.js')).href) as TestSupport;
  return { core, support };
}

export interface AbResult { program: string; mipsA: number; mipsB: number; ratio: number }

/**
 * With `engine` jit, each side's translator runs the loops (its blocks compiled in the
 * first round, on the machine every later round reuses, so the best time is the compiled
 * code's).
 */
export async function interpreterAb(a: string, b: string, rounds = 10, instructions = 20_000_000, engine: 'interp' | 'jit' = 'interp'): Promise<AbResult[]> {
  const sides = [await load(a), await load(b)];
  const results: AbResult[] = [];
  for (const [name, source] of Object.entries(AB_PROGRAMS)) {
    const machines = sides.map((s) => s.support.makeMachine(source));
    const best = [Infinity, Infinity];
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < 2; k++) {
        const { core, support } = sides[k]!;
        const cpu = machines[k]!.cpu;
        cpu.state.nip = BigInt(support.CODE_BASE);
        cpu.r[2] = support.DATA_BASE + 0x8000; cpu.r[3] = 0; // r1: a stack in the data page
        const t0 = performance.now();
        const exit = (engine === 'jit' ? core.runJit : core.run)(cpu, instructions);
        const ms = performance.now() - t0;
        if (exit !== core.Exit.Budget) throw new Error(`${name}: stopped with ${core.exitName(exit)}`);
        best[k] = Math.min(best[k]!, ms);
      }
    }
    const mipsA = instructions / best[0]! / 1000, mipsB = instructions / best[1]! / 1000;
    results.push({ program: name, mipsA, mipsB, ratio: mipsB / mipsA });
  }
  return results;
}

const invokedDirectly = import.meta.url === pathToFileURL(process.argv[1] ?? '').href;
if (invokedDirectly) {
  const [a, b, rounds, engine = 'interp'] = process.argv.slice(2);
  if (!a || !b || (engine !== 'interp' && engine !== 'jit')) {
    console.error('usage: node packages/bench/dist/interp-ab.js <checkout A> <checkout B> [rounds] [interp|jit]');
    process.exit(2);
  }
  for (const r of await interpreterAb(a, b, rounds ? Number(rounds) : 10, 20_000_000, engine)) {
    console.log(`${r.program.padEnd(20)} A ${r.mipsA.toFixed(1).padStart(7)} MIPS   B ${r.mipsB.toFixed(1).padStart(7)} MIPS   B/A ${r.ratio.toFixed(3)}`);
  }
}
