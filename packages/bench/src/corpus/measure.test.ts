import { describe, it, expect } from '@jest/globals';
import { qemuCell, hvstepCell, MIN_HVSTEP_SECONDS } from './measure.js';
import { median, mad } from './samples.js';
import { corpusPrograms } from './programs.js';

describe('corpus figures: what counts as measurable', () => {
  it('median and median absolute deviation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    expect(() => median([])).toThrow(/no samples/);
  });

  it('QEMU: net of the median start-up, kept only above its spread and the start-up itself', () => {
    const startup = [0.030, 0.031, 0.029];
    // 200 ms net, spread 1 ms + 1 ms: a figure
    const ok = qemuCell([0.230, 0.229, 0.231], startup, 100e6);
    expect(ok.measurable).toBe(true);
    expect(ok.seconds).toBeCloseTo(0.2, 9);
    expect(ok.measurable && ok.mips).toBeCloseTo(500, 6);
    // 40 ms net: less than the 50 ms floor; 70 ms net is less than a 100 ms start-up
    expect(qemuCell([0.070, 0.070, 0.070], startup, 1e6)).toMatchObject({ measurable: false, why: 'net 40.0 ms < 50.0 ms' });
    expect(qemuCell([0.170, 0.170, 0.170], [0.1, 0.1, 0.1], 1e6)).toMatchObject({ measurable: false, why: 'net 70.0 ms < 100.0 ms' });
    // 100 ms net, but the runs swing by 40 ms: 4 x (40 + 1) ms
    expect(qemuCell([0.090, 0.130, 0.170], startup, 1e6)).toMatchObject({ measurable: false, why: 'net 100.0 ms < 164.0 ms' });
    // faster than the start-up median: negative, never a figure
    expect(qemuCell([0.020, 0.020, 0.020], startup, 1e6).measurable).toBe(false);
  });

  it('hvstep: the median guest time, kept from 50 ms up', () => {
    expect(hvstepCell([0.2, 0.1, 0.4], 50e6)).toEqual({ measurable: true, seconds: 0.2, mips: 250 });
    expect(hvstepCell([MIN_HVSTEP_SECONDS / 2], 1e3)).toMatchObject({ measurable: false, why: '25 ms < 50 ms' });
  });

  it('the rows: every freestanding flavour runs bench scaled like the C workload, big-endian under qemu-ppc64, glibc-dyn with -L', () => {
    const rows = corpusPrograms(3);
    const bench = rows.filter((r) => r.program === 'bench');
    expect(bench.map((r) => r.flavour)).toEqual(['le', 'p9', 'o0', 'be']);
    expect(bench.every((r) => r.args.join() === '60')).toBe(true);
    expect(rows.filter((r) => r.qemu === 'qemu-ppc64').map((r) => r.flavour)).toEqual(['be']);
    expect(rows.filter((r) => r.sysroot !== undefined).map((r) => r.flavour)).toEqual(['glibc-dyn', 'glibc-dyn', 'glibc-dyn']);
    expect(rows.every((r) => r.elf.endsWith(`build/corpus/${r.flavour}/${r.program}`))).toBe(true);
  });
});
