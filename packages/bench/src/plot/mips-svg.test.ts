import { describe, it, expect } from '@jest/globals';
import { mipsSvg, decades, barLength, LAYOUT, type PlotRow } from './mips-svg.js';

const ROWS: PlotRow[] = [
  { label: 'register loop', mips: { interp: 100, jit: 500, wasm: 900, qemu: 4000 } },
  { label: 'le/bench 20 <&>', mips: { interp: 40, jit: 45 } },
];

/** The attributes of every element with this class, in document order. */
function elements(svg: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<(\\w+) class="${cls}"([^>]*)>`, 'g'))) {
    found.push(Object.fromEntries([...m[2]!.matchAll(/(\w[\w-]*)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
  }
  return found;
}

describe('the MIPS plot (SVG)', () => {
  it('spans whole decades around the figures, a figure on a decade one lower', () => {
    expect(decades([40, 45, 100, 500, 4000])).toEqual({ lo: 1, hi: 4 });
    expect(decades([10, 99])).toEqual({ lo: 0, hi: 2 });
    expect(decades([0.5, 3])).toEqual({ lo: -1, hi: 1 });
    expect(decades([])).toEqual({ lo: 0, hi: 1 });
  });

  it('draws one bar per figure with a log-scale length, and n/m where an engine has none', () => {
    const svg = mipsSvg(ROWS, 'MIPS');
    const bars = elements(svg, 'bar [a-z]+');
    expect(bars).toHaveLength(6);
    // axis 10..10,000: 100 MIPS is one decade of three in, 4,000 is log10(400) of three
    expect(Number(bars[0]!['width'])).toBeCloseTo(LAYOUT.plotWidth / 3, 1);
    expect(Number(bars[3]!['width'])).toBeCloseTo(LAYOUT.plotWidth * Math.log10(400) / 3, 1);
    expect(Number(bars[4]!['width'])).toBeCloseTo(barLength(40, 1, 4), 1);
    expect(bars.every((b) => b['x'] === String(LAYOUT.labelWidth))).toBe(true);
    expect([...svg.matchAll(/class="bar (\w+)"/g)].map((m) => m[1])).toEqual(['interp', 'jit', 'wasm', 'qemu', 'interp', 'jit']);
    expect(elements(svg, 'missing')).toHaveLength(2);
    expect([...svg.matchAll(/<text class="value"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['100', '500', '900', '4,000', '40.0', '45.0']);
  });

  it('labels each decade and escapes workload names', () => {
    const svg = mipsSvg(ROWS, 'MIPS & more');
    expect([...svg.matchAll(/<text class="tick"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['10', '100', '1,000', '10,000']);
    expect(elements(svg, 'decade').map((l) => Number(l['x1']))).toEqual([0, 1, 2, 3].map((d) => LAYOUT.labelWidth + Math.round(LAYOUT.plotWidth * d / 3 * 10) / 10));
    expect(svg).toContain('>le/bench 20 &lt;&amp;&gt;</text>');
    expect(svg).toContain('>MIPS &amp; more</text>');
    expect(svg).not.toMatch(/<[^>]*[<&][^>]*>/);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('is as high as its groups need', () => {
    const h = (n: number) => Number(/height="(\d+)"/.exec(mipsSvg(ROWS.slice(0, n), 't'))![1]);
    expect(h(2) - h(1)).toBe(4 * (LAYOUT.barHeight + LAYOUT.barGap) + LAYOUT.groupGap);
  });
});
