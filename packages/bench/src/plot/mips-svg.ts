/**
 * The MIPS plot of docs/benchmarks.md, written as SVG text by hand (no plotting
 * dependency): one group of horizontal bars per workload, one bar per engine, on a
 * logarithmic axis (the engines differ by one to two orders of magnitude).
 */

export const ENGINE_SERIES = [
  { key: 'interp', label: 'hvstep interpreter (--engine interp)', color: '#4e79a7' },
  { key: 'jit', label: 'hvstep translator (--engine jit)', color: '#f28e2b' },
  { key: 'wasm', label: 'hvstep WebAssembly engine (--engine wasm)', color: '#b07aa1' },
  { key: 'qemu', label: 'qemu-ppc64le (TCG)', color: '#59a14f' },
] as const;

export type SeriesKey = (typeof ENGINE_SERIES)[number]['key'];

/** One workload: its MIPS per engine; an engine without a figure (not run, not measurable) is left out. */
export interface PlotRow { label: string; mips: Partial<Record<SeriesKey, number>> }

/** Geometry, exported so that tests can check positions against it. */
export const LAYOUT = { width: 960, labelWidth: 260, plotWidth: 560, top: 70, barHeight: 11, barGap: 2, groupGap: 12, axisHeight: 46 } as const;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The decades the axis spans: 10^lo below the smallest figure, 10^hi at or above the largest. */
export function decades(values: readonly number[]): { lo: number; hi: number } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { lo: 0, hi: 1 };
  // the smallest bar keeps a visible length: a figure on a decade starts one decade lower
  const lo = Math.floor(Math.log10(Math.min(...positive)) - 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive))));
  return { lo, hi };
}

/** Length of the bar for `mips` on the axis [10^lo, 10^hi]. */
export function barLength(mips: number, lo: number, hi: number): number {
  return LAYOUT.plotWidth * (Math.log10(mips) - lo) / (hi - lo);
}

const formatMips = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const formatTick = (e: number): string => (e >= 0 ? (10 ** e).toLocaleString('en-US') : String(10 ** e));
const r1 = (x: number): string => String(Math.round(x * 10) / 10);

export function mipsSvg(rows: readonly PlotRow[], title: string): string {
  const L = LAYOUT;
  const present = (v: number | undefined): v is number => v !== undefined && v > 0 && Number.isFinite(v);
  const { lo, hi } = decades(rows.flatMap((r) => ENGINE_SERIES.map((s) => r.mips[s.key]).filter(present)));
  const groupHeight = ENGINE_SERIES.length * (L.barHeight + L.barGap) + L.groupGap;
  const plotHeight = rows.length * groupHeight;
  const height = L.top + plotHeight + L.axisHeight;
  const x0 = L.labelWidth;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${height}" viewBox="0 0 ${L.width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${L.width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${L.width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  ENGINE_SERIES.forEach((s, i) => {
    const lx = 20 + i * 310;
    out.push(`<rect x="${lx}" y="34" width="12" height="12" fill="${s.color}"/>`, `<text x="${lx + 17}" y="44">${escapeXml(s.label)}</text>`);
  });
  // decade grid lines with labels, the 2..9 multiples lighter
  for (let e = lo; e <= hi; e++) {
    const x = x0 + barLength(10 ** e, lo, hi);
    out.push(`<line class="decade" x1="${r1(x)}" y1="${L.top - 6}" x2="${r1(x)}" y2="${L.top + plotHeight}" stroke="#999999"/>`);
    out.push(`<text class="tick" x="${r1(x)}" y="${L.top + plotHeight + 16}" text-anchor="middle">${formatTick(e)}</text>`);
    if (e < hi) {
      for (let m = 2; m <= 9; m++) {
        const xm = x0 + barLength(m * 10 ** e, lo, hi);
        out.push(`<line x1="${r1(xm)}" y1="${L.top - 6}" x2="${r1(xm)}" y2="${L.top + plotHeight}" stroke="#e4e4e4"/>`);
      }
    }
  }
  out.push(`<text x="${x0 + L.plotWidth / 2}" y="${L.top + plotHeight + 36}" text-anchor="middle">MIPS (million guest instructions per second, log scale)</text>`);
  rows.forEach((row, g) => {
    const gy = L.top + g * groupHeight;
    const labelY = gy + (ENGINE_SERIES.length * (L.barHeight + L.barGap)) / 2 + 4;
    out.push(`<text class="workload" x="${x0 - 8}" y="${r1(labelY)}" text-anchor="end">${escapeXml(row.label)}</text>`);
    ENGINE_SERIES.forEach((s, i) => {
      const y = gy + i * (L.barHeight + L.barGap);
      const v = row.mips[s.key];
      if (!present(v)) {
        out.push(`<text class="missing" x="${x0 + 4}" y="${y + L.barHeight - 2}" fill="${s.color}" font-size="10">n/m</text>`);
        return;
      }
      const w = barLength(v, lo, hi);
      out.push(`<rect class="bar ${s.key}" x="${x0}" y="${y}" width="${r1(w)}" height="${L.barHeight}" fill="${s.color}"><title>${escapeXml(`${row.label}, ${s.label}: ${formatMips(v)} MIPS`)}</title></rect>`);
      out.push(`<text class="value" x="${r1(x0 + w + 4)}" y="${y + L.barHeight - 2}" font-size="10">${formatMips(v)}</text>`);
    });
  });
  out.push(`<line x1="${x0}" y1="${L.top - 6}" x2="${x0}" y2="${L.top + plotHeight}" stroke="#333333"/>`, '</svg>', '');
  return out.join('\n');
}
