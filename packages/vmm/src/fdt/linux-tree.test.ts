import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLinuxTree } from './linux-tree.js';
import { RTAS_TOKENS } from '../papr/rtas-tokens.js';

/** dtc's view of a blob (it rejects malformed trees): the source and the header fields it prints. */
function dtc(blob: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-fdt-'));
  try {
    const file = join(dir, 'tree.dtb');
    writeFileSync(file, blob);
    return execFileSync('dtc', ['-I', 'dtb', '-O', 'dts', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seed = Uint8Array.from({ length: 64 }, (_, i) => i * 3);
const tree = (cpus = 2) => buildLinuxTree({
  memoryBytes: 1 << 30, cpus, bootargs: 'console=hvc0 cryptomgr.notests', initrd: { start: 0x2ab0000, end: 0x2d2c5bc },
  rtas: { address: 0x3ffff000, size: 0x1000 }, rngSeed: seed,
});

describe('the device tree of a direct Linux boot (docs/boot-protocol.md)', () => {
  const dts = dtc(tree());
  const node = (name: string): string => {
    const m = new RegExp(`\\n(\\t*)${name.replace(/[@,#]/g, (c) => `\\${c}`)} \\{\\n([\\s\\S]*?)\\n\\1\\};`).exec(dts);
    if (!m) throw new Error(`no node ${name} in\n${dts}`);
    return m[2]!;
  };

  it('decompiles with dtc; the RTAS blob is a /memreserve/ entry; boot_cpuid_phys is vCPU 0', () => {
    expect(dts).toMatch(/^\/dts-v1\/;\n\n\/memreserve\/\t0x000000003ffff000 0x0000000000001000;\n\/ \{/);
    const header = new DataView(tree().buffer);
    expect(header.getUint32(28, false)).toBe(0); // boot_cpuid_phys: the boot CPU's interrupt server number
  });

  it('/ is a chrp platform with 2-cell addresses', () => {
    expect(dts).toMatch(/\n\/ \{\n\t#address-cells = <0x02>;\n\t#size-cells = <0x02>;\n\tcompatible = "hvstep,pseries-lite";\n\tmodel = "hvstep pseries-lite";\n\tdevice_type = "chrp";/);
  });

  it('/chosen: bootargs, the initrd, a 64-byte rng-seed, the vty as stdout, architecture-vec-5 for radix+GTSE and XICS', () => {
    const chosen = node('chosen');
    expect(chosen).toContain('bootargs = "console=hvc0 cryptomgr.notests";');
    const seedCells = Array.from({ length: 16 }, (_, i) => `0x${new DataView(seed.buffer).getUint32(4 * i, false).toString(16)}`);
    expect(chosen).toContain(`rng-seed = <${seedCells.join(' ')}>;`); // dtc prints 64 bytes as cells
    expect(chosen).toContain('linux,initrd-start = <0x00 0x2ab0000>;');
    expect(chosen).toContain('linux,initrd-end = <0x00 0x2d2c5bc>;');
    expect(chosen).toContain('linux,stdout-path = "/vdevice/vty@30000000";');
    expect(chosen).toContain('stdout-path = "/vdevice/vty@30000000";');
    expect(chosen).toContain(`ibm,architecture-vec-5 = [19 ${'00 '.repeat(23)}40 00 40];`);
  });

  it('/rtas: base and entry at the blob, its size, the hypertas functions and one property per token', () => {
    const rtas = node('rtas');
    expect(rtas).toContain('linux,rtas-base = <0x3ffff000>;');
    expect(rtas).toContain('linux,rtas-entry = <0x3ffff000>;');
    expect(rtas).toContain('rtas-size = <0x1000>;');
    expect(rtas).toContain('ibm,hypertas-functions = "hcall-term\\0hcall-interrupt\\0hcall-set-mode\\0hcall-splpar";');
    expect(rtas).toContain('ibm,extended-os-term;');
    expect(rtas).toContain('rtas-event-scan-rate = <0x01>;');
    for (const [name, token] of Object.entries(RTAS_TOKENS)) expect(rtas).toContain(`${name} = <0x${token.toString(16)}>;`);
  });

  it('/cpus: one node per vCPU with the properties the kernel reads', () => {
    const cpu1 = node('cpu@1');
    for (const line of [
      'device_type = "cpu";', 'reg = <0x01>;', 'status = "okay";', '64-bit;', 'ibm,ppc-interrupt-server#s = <0x01>;',
      'ibm,ppc-interrupt-gserver#s = <0x01 0x00>;', 'cpu-version = <0xf000005>;', 'timebase-frequency = <0x1e848000>;',
      'd-cache-block-size = <0x80>;', 'i-cache-block-size = <0x80>;', 'ibm,dec-bits = <0x38>;', 'ibm,vmx = <0x02>;',
      'ibm,processor-radix-AP-encodings = <0x0c 0xa0000010 0x20000015 0x4000001e>;',
      // the reference tree's value (QEMU's pa_features_300), as dtc prints 68 bytes
      'ibm,pa-features = <0x4200f63f 0xc7c080f0 0x80000000 0x00 0x8000 0x80008000 0x8000 0x80008000 0x80008000 0xc0008000 0x80008000 0x80008000 0x80008000 0x80008000 0x80008000 0x80008000 0x80000000>;',
    ]) expect(cpu1).toContain(line);
    expect(dts).not.toContain('cpu@2');
  });

  it('memory, the XICS presentation controller and the vty', () => {
    expect(node('memory@0')).toContain('reg = <0x00 0x00 0x00 0x40000000>;');
    const xicp = node('interrupt-controller');
    expect(xicp).toContain('compatible = "IBM,ppc-xicp";');
    expect(xicp).toContain('device_type = "PowerPC-External-Interrupt-Presentation";');
    expect(xicp).toContain('ibm,interrupt-server-ranges = <0x00 0x02>;');
    const vty = node('vty@30000000');
    expect(vty).toContain('compatible = "hvterm1";');
    expect(vty).toContain('reg = <0x30000000>;');
    expect(vty).not.toContain('interrupts');
  });

  it('the server ranges follow the vCPU count', () => {
    expect(dtc(tree(4))).toContain('ibm,interrupt-server-ranges = <0x00 0x04>;');
  });
});
