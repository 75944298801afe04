import { describe, it, expect } from '@jest/globals';
import { linuxBootSection, spliceSection, LINUX_BOOT_HEADING } from './report.js';
import type { BootRow } from './runs.js';

const run = (toMarker: number, total: number) => ({ toMarker, total, status: 0, tail: '' });

describe('the Linux boot section of docs/benchmarks.md', () => {
  it('gives each machine its medians and its time over QEMU\'s; a machine not measured says why', () => {
    const rows: BootRow[] = [
      { machine: 'hvstep, interpreter', command: 'hvstep run ...', runs: [run(30, 31), run(20, 21), run(25, 26)] },
      { machine: 'hvstep, translator', command: 'hvstep run ...', runs: [], skipped: 'for the test' },
      { machine: 'QEMU 7.2 TCG', command: 'qemu-system-ppc64 ...', runs: [run(5, 6)] },
    ];
    const text = linuxBootSection(rows, 3);
    expect(text.startsWith(LINUX_BOOT_HEADING)).toBe(true);
    expect(text).toContain('| hvstep, interpreter | 3 | 25.0 | 26.0 | 5.0 × |');
    expect(text).toContain('| hvstep, translator | 0 | not measured: for the test | | |');
    expect(text).toContain('| QEMU 7.2 TCG | 1 | 5.0 | 6.0 | 1.0 × |');
  });

  it('--write replaces the section in place, or appends it', () => {
    const section = `${LINUX_BOOT_HEADING}\n\nnew\n`;
    const doc = `# B\n\n## A\n\na\n\n${LINUX_BOOT_HEADING}\n\nold\n\n## C\n\nc\n`;
    expect(spliceSection(doc, section)).toBe(`# B\n\n## A\n\na\n\n${LINUX_BOOT_HEADING}\n\nnew\n\n## C\n\nc\n`);
    expect(spliceSection('# B\n\n## A\n\na\n', section)).toBe(`# B\n\n## A\n\na\n\n${section}`);
  });
});
