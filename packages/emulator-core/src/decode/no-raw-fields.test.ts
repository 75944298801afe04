import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * One definition per instruction field: the fields are declared in decode/field-specs.ts
 * and every extractor (fRT(w)...) and encoder (put.RT(n)) is generated from them, and a
 * row's reserved bits are its `reserved` mask (isaBits/fieldBits). This test keeps it so:
 * it scans the TypeScript sources of every package for an instruction word taken apart
 * by hand and lists each hit as file:line.
 */

/** The repository root, from this file's compiled location (packages/emulator-core/dist/decode/). */
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * A shift of a word variable by a literal, or a word masked with a literal (or with its
 * complement, as `w & ~0x401` doctored OE/Rc off). Two refinements keep it to instruction
 * fields: a shift by 0 (`w >>> 0`) is the word's unsigned value, printed or stored whole,
 * and a bare `& ~0x...)` of some other value (CR, PPR, a page address, a flags word) is
 * not an instruction word, so the complement form must name the word too.
 */
const RAW_FIELD = /\b(w|word|insn)\s*(>>>|>>|<<)\s*[1-9][0-9]*|\b(w|word|insn)\s*&\s*~?\s*(0x[0-9a-fA-F]+|[0-9]+)\b/;

/** Files and folders (paths from the root, '/'-separated; a trailing '/' is a folder) not scanned, and why. */
const SKIPPED: readonly string[] = [
  // the declaration and what src/gen generates from it: the one place fields are taken apart
  'packages/emulator-core/src/decode/field-specs.ts',
  'packages/emulator-core/src/decode/fields.generated.ts',
  'packages/emulator-core/src/gen/',
  'packages/emulator-core/src/isa/generated/',
  // the FP oracle builds and prints test words for QEMU; softfloat's shifts and masks are
  // on float bit fields (sign, exponent, fraction), not instruction fields
  'packages/emulator-core/src/isa/fp/__fixtures__/oracle/',
  'packages/emulator-core/src/isa/fp/softfloat.ts',
  // a kept dispatch race: hand-decoded mini handlers on purpose, measured against the real loop
  'packages/bench/src/micro/dispatch.ts',
];

/** Hand-written files with a generated region (src/gen writes between the markers). */
const GENERATED_REGIONS: readonly string[] = ['packages/emulator-core/src/interp/fast-loop.ts'];


/** Single lines that match the pattern but take no instruction word apart: file, the line's text, why. */
const NOT_INSTRUCTION_WORDS: readonly { file: string; text: string; why: string }[] = [
  {
    file: 'packages/emulator-core/src/state/cpu-state.ts',
    text: 'this.u64[word >> 1]',
    why: 'a register-file word index halved into a doubleword index',
  },
  ...['const e = (w >>> 23) & 0xff, f = w & 0x7fffff, sign = w >>> 31;'].map((text) => ({
    file: 'packages/emulator-core/src/isa/vector/vmx-fp-estimate.ts', text, why: 'a binary32 value taken apart into exponent and fraction',
  })),
  ...['(w & 0x7f800000) === 0x7f800000 && (w & 0x7fffff) !== 0', '(w & 0x7f800000) === 0 && (w & 0x7fffff) !== 0', 'w & 0x80000000 : w'].map((text) => ({
    file: 'packages/emulator-core/src/isa/vector/vmx-fp.ts', text, why: 'a binary32 value classified (NaN, denormal) or its sign kept',
  })),
];

const under = (path: string, entries: readonly string[]): boolean =>
  entries.some((e) => (e.endsWith('/') ? path.startsWith(e) : path === e));

function sources(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every package's src/**\/*.ts, as '/'-separated paths from the root. */
function packageSources(): string[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const src = join(root, 'packages', pkg.name, 'src');
    try { sources(src, files); } catch { /* a package without src */ }
  }
  return files.map((f) => relative(root, f).split(sep).join('/')).sort();
}

/** The lines of `text` that match RAW_FIELD, as [1-based line number, line]. */
function rawFieldLines(text: string, withGeneratedRegion: boolean): [number, string][] {
  const hits: [number, string][] = [];
  let generated = false;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (withGeneratedRegion && line.includes('// @generated-begin')) generated = true;
    else if (withGeneratedRegion && line.includes('// @generated-end')) generated = false;
    else if (!generated && RAW_FIELD.test(line)) hits.push([i + 1, line.trim()]);
  });
  // a region that never ends would hide the rest of the file
  if (generated) hits.push([lines.length, '(a // @generated-begin region without its // @generated-end)']);
  return hits;
}

/** Every hit outside the skipped and pending files, and the NOT_INSTRUCTION_WORDS entries that matched. */
function scan(files: readonly string[]): { hits: string[]; used: Set<string> } {
  const hits: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    if (under(file, SKIPPED)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    for (const [n, line] of rawFieldLines(text, GENERATED_REGIONS.includes(file))) {
      const allowed = NOT_INSTRUCTION_WORDS.find((a) => a.file === file && line.includes(a.text));
      if (allowed) used.add(`${allowed.file}: ${allowed.text}`);
      else hits.push(`${file}:${n}: ${line}`);
    }
  }
  return { hits, used };
}

describe('no instruction word is taken apart outside the generated field extractors', () => {
  const files = packageSources();
  const { hits, used } = scan(files);

  it('finds the sources', () => {
    expect(files).toContain('packages/emulator-core/src/isa/fp/arith.ts');
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no raw shift or mask of an instruction word', () => {
    expect(hits).toEqual([]);
  });

  it('has no stale NOT_INSTRUCTION_WORDS entry', () => {
    expect(NOT_INSTRUCTION_WORDS.map((a) => `${a.file}: ${a.text}`).filter((k) => !used.has(k))).toEqual([]);
  });

  it('sees a raw field read, a reserved-bit check and a doctored word, and skips the generated region', () => {
    expect(rawFieldLines('const rt = (w >>> 21) & 0x1f;', false)).toHaveLength(1);
    expect(rawFieldLines('if ((w & 0x7c0) !== 0) return illegal(c, w);', false)).toHaveLength(1);
    expect(rawFieldLines('addInto(c, w & ~0x401, a, b);', false)).toHaveLength(1);
    expect(rawFieldLines('const p = word << 2;', false)).toHaveLength(1);
    expect(rawFieldLines('hex(w >>> 0); cr = (cr & ~0x0f000000) | x;', false)).toHaveLength(0);
    const region = ['a', '// @generated-begin x', 'const s = (w << 16) >> 16;', '// @generated-end x', 'const t = insn >> 26;'].join('\n');
    expect(rawFieldLines(region, true)).toEqual([[5, 'const t = insn >> 26;']]);
    expect(rawFieldLines('// @generated-begin x\nconst s = (w << 16) >> 16;', true)).toHaveLength(1);
  });
});
