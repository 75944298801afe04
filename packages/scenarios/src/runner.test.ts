import { describe, it, expect, jest } from '@jest/globals';
import { runOne } from './run-one.js';
import { runPool } from './pool.js';
import { parseOptions } from './options.js';
import { markdownReport, textTable } from './report.js';
import { BUNDLED_REPORT } from './report-text.js';
import { SCENARIOS } from './scenarios/index.js';

describe('pnpm scenarios: the runner core with gdb-multiarch', () => {
  jest.setTimeout(240_000);

  it('passes scenarios 1, 22 and 23 on the pr model with 1 vCPU, through the piscina pool', async () => {
    const seen: string[] = [];
    const results = await runPool(['1', '22', '23'].map((scenario) => ({ guest: 'bundled' as const, scenario, accel: 'pr' as const, smp: 1 })), 2,
      (r) => { seen.push(r.scenario); });
    for (const r of results) expect({ scenario: r.scenario, outcome: r.outcome, failures: r.failures }).toEqual({ scenario: r.scenario, outcome: 'pass', failures: [] });
    expect(seen.sort()).toEqual(['1', '22', '23']);
    expect(results.map((r) => r.steps)).toEqual([4, 5, 6]);
    const table = textTable(SCENARIOS, results);
    expect(table).toMatch(/^1 plain stepi.*pass 4 st/m);
    expect(markdownReport(BUNDLED_REPORT, SCENARIOS, results, 'pnpm scenarios', 1000, 2)).toContain('**3 passed, 0 failed, 0 not applicable**');
  });

  it('reports a runaway step (hv with the step method off, as on KVM-HV) with what it expected and saw', async () => {
    const r = await runOne({ guest: 'bundled', scenario: '1', accel: 'hv', smp: 1, stepMode: 'off' });
    expect(r.outcome).toBe('fail');
    expect(r.failures[0]).toEqual({ what: 'probe s1', expected: 'reached', seen: expect.stringMatching(/not reached/) });
    expect(r.transcriptTail).toMatch(/exited|detached|Remote/);
  });

  it('marks a scenario that needs more vCPUs, or the other model, as not applicable', async () => {
    expect((await runOne({ guest: 'bundled', scenario: '13', accel: 'pr', smp: 1 })).outcome).toBe('n/a');
    expect((await runOne({ guest: 'bundled', scenario: '23', accel: 'hv', smp: 2 })).outcome).toBe('n/a');
  });
});

describe('options', () => {
  it('selects scenarios by number (2 means 2a and 2b), vCPU counts and models', () => {
    const o = parseOptions(['--scenario', '2,13', '--smp', '1,4', '--accel', 'pr', '--jobs', '3', '--no-write']);
    expect(o).toEqual({ guest: 'bundled', scenarios: ['2a', '2b', '13'], smp: [1, 4], accels: ['pr'], jobs: 3, write: false });
    expect(() => parseOptions(['--scenario', '26'])).toThrow(/no scenario 26/);
    expect(() => parseOptions(['--accel', 'kvm'])).toThrow(/hv and\/or pr/);
    expect(parseOptions(['-h'])).toBe('help');
  });

  it('--guest linux: its own scenario ids (1 means 1k and 1u), 2 and 4 vCPUs by default', () => {
    const o = parseOptions(['--guest', 'linux', '--scenario', '1,14', '--no-write']);
    expect(o).toMatchObject({ guest: 'linux', scenarios: ['1k', '1u', '14'], smp: [2, 4], accels: ['hv', 'pr'] });
    expect(() => parseOptions(['--guest', 'linux', '--scenario', '2'])).toThrow(/no Linux scenario 2/);
    expect(() => parseOptions(['--guest', 'windows'])).toThrow(/bundled or linux/);
  });
});
