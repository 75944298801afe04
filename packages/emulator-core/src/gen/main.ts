import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wholeFiles, regions, replaceRegion } from './outputs.js';

/**
 * `pnpm gen`: writes the generated files and regions into src/ (run from dist/gen).
 * With --check, writes nothing and exits 1 when a committed copy is out of date.
 */
const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
const check = process.argv.includes('--check');
let stale = 0;

function update(path: string, text: string): void {
  const file = srcDir + path;
  let old = '';
  try { old = readFileSync(file, 'utf8'); } catch { /* a new file */ }
  if (old === text) return;
  stale++;
  if (check) { console.error(`gen: ${path} is out of date (run pnpm gen)`); return; }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`gen: wrote ${path}`);
}

for (const f of wholeFiles()) update(f.path, f.text);
for (const r of regions()) update(r.path, replaceRegion(readFileSync(srcDir + r.path, 'utf8'), r.name, r.text));
if (check && stale > 0) process.exit(1);
if (!check && stale === 0) console.log('gen: everything up to date');
