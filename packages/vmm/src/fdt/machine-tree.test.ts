import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMachineTree } from './machine-tree.js';
import { FdtWriter } from './writer.js';

/** Decompiles a blob with the reference tool, dtc (device-tree-compiler): it rejects malformed trees. */
function dtcDecompile(blob: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-fdt-'));
  try {
    const file = join(dir, 'tree.dtb');
    writeFileSync(file, blob);
    return execFileSync('dtc', ['-I', 'dtb', '-O', 'dts', '-q', file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('flattened device tree', () => {
  it('writes the DTB v17 header, reserve map, structure and strings blocks', () => {
    const blob = new FdtWriter().beginNode('').property('a', 1).property('b', 'x').endNode().finish();
    const view = new DataView(blob.buffer);
    expect(view.getUint32(0, false)).toBe(0xd00dfeed);
    expect(view.getUint32(4, false)).toBe(blob.length);
    expect(view.getUint32(20, false)).toBe(17);
    expect(view.getUint32(24, false)).toBe(16);
    expect(view.getUint32(16, false)).toBe(40); // reserve map right after the header
    expect(() => new FdtWriter().beginNode('').finish()).toThrow(/left open/);
  });

  it('the pseries-lite tree decompiles with dtc and holds memory, cpus, console and RTAS tokens', () => {
    const dts = dtcDecompile(buildMachineTree({ memoryBytes: 256 << 20, cpus: 4, bootargs: 'quiet' }));
    expect(dts).toMatch(/memory@0 \{[^}]*reg = <0x00 0x00 0x00 0x10000000>;/s);
    expect(dts).toMatch(/cpu@3 \{/);
    expect(dts).not.toMatch(/cpu@4/);
    expect(dts).toMatch(/vty@30000000/);
    // QEMU's token numbers (spapr.h RTAS_TOKEN_BASE + n), so one tree serves both machines
    expect(dts).toMatch(/start-cpu = <0x2006>;/);
    expect(dts).toMatch(/power-off = <0x2003>;/);
    expect(dts).toMatch(/query-cpu-stopped-state = <0x2005>;/);
    expect(dts).toMatch(/bootargs = "quiet";/);
  });
});
