import { describe, it, expect } from '@jest/globals';
import { instructionDefs } from '@hvstep/emulator-core';
import { makePlan } from './rules/index.js';
import { generateCase } from './generator.js';

/*
 * FPSCR exception enables reach only the cases whose every rule models enabled
 * exceptions (Rule.fpEnables, generator.ts): QEMU turns an enabled exception into a
 * SIGFPE, so a case mixing in an instruction whose enables are not modelled keeps
 * them off, and its results stay comparable.
 */

const plan = makePlan(instructionDefs);
const pool = (names: readonly string[]) => plan.filter((e) => names.includes(e.def.mnemonic) && e.rule);
const ENABLES = 0xf8n; // VE OE UE ZE XE
const withEnables = (names: readonly string[]): number => {
  let n = 0;
  for (let i = 0; i < 400; i++) if ((generateCase(5, i, { pool: pool(names), fp: true }).input.fpscr & ENABLES) !== 0n) n++;
  return n;
};

describe('FPSCR enables in generated cases', () => {
  it('come now and then when every rule of the case allows them (quad and half-precision rows)', () => {
    const n = withEnables(['xsaddqp', 'xsdivqp', 'xscvqpuwz', 'xsrqpi', 'xvxexpdp']);
    expect(n).toBeGreaterThan(60);
    expect(n).toBeLessThan(200);
  });
  it('never come when a rule of the pool does not model them', () => {
    expect(withEnables(['fadd'])).toBe(0);
    expect(withEnables(['fadd', 'xsaddqp'])).toBeLessThan(withEnables(['xsaddqp']));
  });
});
