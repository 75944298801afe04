import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../throughput/programs.js';
import { linuxBootRows } from './runs.js';
import { linuxBootSection, spliceSection } from './report.js';

/**
 * `node packages/bench/dist/linux-boot/main.js [--runs N] [--write]`: the Linux boot
 * benchmark alone (`pnpm bench` runs it too). Prints the section; with --write it
 * replaces that section of docs/benchmarks.md, or adds it at the end, leaving the
 * rest of the file as the last full run wrote it.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args[at + 1]) : 1;
  if (!Number.isInteger(runs) || runs < 1) { console.error('linux-boot: --runs takes a positive integer'); process.exit(2); }
  const rows = await linuxBootRows(runs, (line) => console.log(line));
  const section = linuxBootSection(rows, runs);
  console.log(`\n${section}`);
  if (args.includes('--write')) {
    const file = join(REPO_ROOT, 'docs/benchmarks.md');
    writeFileSync(file, spliceSection(readFileSync(file, 'utf8'), section));
    console.log(`written ${file}`);
  }
}

main().catch((e: unknown) => { console.error(`linux-boot: ${e instanceof Error ? e.message : String(e)}`); process.exit(1); });
