import { TIMEBASE_HZ } from '@hvstep/emulator-core';
import { FdtWriter } from './writer.js';
import { RTAS_TOKENS } from '../papr/rtas-tokens.js';
import { vtyNode, VTY_NODE } from './vty-node.js';

/**
 * The device tree a Linux kernel entered directly (no Open Firmware, r5 = 0) needs,
 * in the shape QEMU's pseries machine gives it after client-architecture-support:
 * docs/boot-protocol.md lists every node and why.
 */
export interface LinuxTreeOptions {
  memoryBytes: number;
  cpus: number;
  bootargs: string;
  initrd?: { start: number; end: number };
  rtas: { address: number; size: number };
  /** Fresh random bytes for /chosen/rng-seed (the kernel seeds its RNG with them). */
  rngSeed: Uint8Array;
}

/** The decrementer's width announced in ibm,dec-bits; the machine sets LPCR[LD] to match. */
export const LINUX_DEC_BITS = 56;
/** Linux's COMMAND_LINE_SIZE on powerpc (asm/setup.h): bootargs must fit with its NUL. */
export const LINUX_COMMAND_LINE_MAX = 2048;
/** ISA 3.00 architected processor version (PVR_ARCH_300): what cpu-version says after CAS. */
const PVR_ARCH_300 = 0x0f000005;
const CACHE_BLOCK = 128;
const CACHE_SIZE = 0x8000;
const CLOCK_HZ = 1_000_000_000;
const VTY_PATH = `/vdevice/${VTY_NODE}`;

/**
 * /chosen/ibm,architecture-vec-5 as client-architecture-support would leave it
 * (option vector 5, PAPR B.6.2.3; Linux prom.h OV5_*): byte 0 is the length less
 * one, then bytes 1..26. Byte 23 = 0: XICS, not XIVE; byte 24 = 0x40: radix MMU;
 * byte 26 = 0x40: GTSE, the guest issues tlbie itself.
 */
function architectureVec5(): Uint8Array {
  const v = new Uint8Array(27);
  v[0] = v.length - 2;
  v[24] = 0x40;
  v[26] = 0x40;
  return v;
}

/**
 * ibm,pa-features of an ISA 3.00 processor (QEMU's pa_features_300): a 2-byte
 * header (length 66, type 0) and 66 attribute bytes — MMU/FPU/SLB/..., VMX, VSX,
 * the 64-bit and PM features, radix (byte 40), scv (byte 46), ...
 */
const PA_FEATURES_300 = Uint8Array.from([
  0x42, 0x00,
  0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
  0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0xc0, 0x00,
  0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
  0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
  0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
]);

/** Radix page sizes: AP encoding in bits 0:2, log2 size below (4K, 64K, 2M, 1G). */
const RADIX_AP_ENCODINGS = [0x0000000c, 0xa0000010, 0x20000015, 0x4000001e];

/** What the partition offers through hypercalls (Linux firmware.c hypertas_fw_features_table). */
const HYPERTAS_FUNCTIONS = ['hcall-term', 'hcall-interrupt', 'hcall-set-mode', 'hcall-splpar'];

const be64 = (n: number): bigint => BigInt(n);
const cells64 = (n: number): number[] => [Math.floor(n / 2 ** 32), n >>> 0];

export function buildLinuxTree(o: LinuxTreeOptions): Uint8Array {
  const fdt = new FdtWriter();
  fdt.beginNode('')
    .property('#address-cells', 2)
    .property('#size-cells', 2)
    .property('compatible', 'hvstep,pseries-lite')
    .property('model', 'hvstep pseries-lite')
    .property('device_type', 'chrp'); // the pseries platform probe looks for it

  fdt.beginNode('chosen').property('bootargs', o.bootargs).property('rng-seed', o.rngSeed);
  if (o.initrd) fdt.property('linux,initrd-start', be64(o.initrd.start)).property('linux,initrd-end', be64(o.initrd.end));
  fdt.property('linux,stdout-path', VTY_PATH)
    .property('stdout-path', VTY_PATH)
    .property('ibm,architecture-vec-5', architectureVec5())
    .endNode();

  fdt.beginNode('rtas')
    .property('linux,rtas-base', o.rtas.address)
    .property('linux,rtas-entry', o.rtas.address)
    .property('rtas-size', o.rtas.size)
    .property('ibm,hypertas-functions', HYPERTAS_FUNCTIONS)
    // ibm,os-term returns to the caller (Linux only calls it when this is present)
    .property('ibm,extended-os-term', null)
    .property('rtas-error-log-max', 0x800)
    .property('rtas-event-scan-rate', 1);
  for (const [name, token] of Object.entries(RTAS_TOKENS)) fdt.property(name, token);
  fdt.endNode();

  fdt.beginNode('cpus').property('#address-cells', 1).property('#size-cells', 0);
  for (let i = 0; i < o.cpus; i++) {
    fdt.beginNode(`cpu@${i}`)
      .property('device_type', 'cpu')
      .property('reg', i)
      .property('status', 'okay')
      .property('64-bit', null)
      .property('ibm,ppc-interrupt-server#s', [i])
      // server, global distribution server (Linux xics_update_irq_servers)
      .property('ibm,ppc-interrupt-gserver#s', [i, 0])
      .property('cpu-version', PVR_ARCH_300)
      .property('clock-frequency', CLOCK_HZ)
      .property('timebase-frequency', TIMEBASE_HZ)
      .property('d-cache-block-size', CACHE_BLOCK).property('d-cache-line-size', CACHE_BLOCK).property('d-cache-size', CACHE_SIZE)
      .property('i-cache-block-size', CACHE_BLOCK).property('i-cache-line-size', CACHE_BLOCK).property('i-cache-size', CACHE_SIZE)
      .property('ibm,dec-bits', LINUX_DEC_BITS)
      .property('ibm,vmx', 2)
      .property('ibm,dfp', 1)
      .property('ibm,purr', 1)
      .property('ibm,spurr', 1)
      .property('ibm,mmu-pid-bits', 20)
      .property('ibm,processor-radix-AP-encodings', RADIX_AP_ENCODINGS)
      .property('ibm,pa-features', PA_FEATURES_300)
      .endNode();
  }
  fdt.endNode();

  fdt.beginNode('memory@0')
    .property('device_type', 'memory')
    .property('reg', [0, 0, ...cells64(o.memoryBytes)])
    .endNode();

  fdt.beginNode('interrupt-controller')
    .property('compatible', 'IBM,ppc-xicp')
    .property('device_type', 'PowerPC-External-Interrupt-Presentation')
    .property('interrupt-controller', null)
    .property('#interrupt-cells', 2)
    .property('ibm,interrupt-server-ranges', [0, o.cpus])
    .endNode();

  fdt.beginNode('vdevice')
    .property('compatible', 'IBM,vdevice')
    .property('device_type', 'vdevice')
    .property('#address-cells', 1)
    .property('#size-cells', 0)
    .property('interrupt-controller', null)
    .property('#interrupt-cells', 2);
  // no `interrupts`: the console polls H_GET_TERM_CHAR
  vtyNode(fdt).endNode();

  fdt.endNode();
  return fdt.finish(0, [{ address: o.rtas.address, size: o.rtas.size }]);
}
