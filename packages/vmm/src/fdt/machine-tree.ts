import { PVR_POWER9, TIMEBASE_HZ } from '@hvstep/emulator-core';
import { FdtWriter } from './writer.js';
import { RTAS_TOKENS } from '../papr/rtas-tokens.js';
import { vtyNode, VTY_NODE } from './vty-node.js';

export interface MachineTreeOptions {
  memoryBytes: number;
  cpus: number;
  bootargs?: string;
}

/**
 * The device tree of the "pseries-lite" machine (docs/boot-protocol.md): memory,
 * CPUs, the hypervisor console and the RTAS tokens, in the shape PAPR guests
 * expect from QEMU's pseries machine, trimmed to what the machine has.
 */
export function buildMachineTree(options: MachineTreeOptions): Uint8Array {
  const size = BigInt(options.memoryBytes);
  const fdt = new FdtWriter();
  fdt.beginNode('')
    .property('compatible', 'hvstep,pseries-lite')
    .property('model', 'hvstep pseries-lite')
    .property('#address-cells', 2)
    .property('#size-cells', 2);

  fdt.beginNode('chosen')
    .property('bootargs', options.bootargs ?? '')
    .property('stdout-path', `/vdevice/${VTY_NODE}`)
    .endNode();

  fdt.beginNode('memory@0')
    .property('device_type', 'memory')
    .property('reg', [0, 0, Number(size >> 32n), Number(size & 0xffffffffn)])
    .endNode();

  fdt.beginNode('cpus').property('#address-cells', 1).property('#size-cells', 0);
  for (let i = 0; i < options.cpus; i++) {
    fdt.beginNode(`cpu@${i}`)
      .property('device_type', 'cpu')
      .property('reg', i)
      .property('ibm,ppc-interrupt-server#s', [i])
      .property('compatible', 'IBM,POWER9')
      .property('cpu-version', PVR_POWER9)
      .property('timebase-frequency', TIMEBASE_HZ)
      .property('ibm,mmu-pid-bits', 20)
      .property('ibm,processor-radix-AP-encodings', [0x0000000c, 0xa0000010, 0x20000015, 0x4000001e])
      .property('status', i === 0 ? 'okay' : 'disabled')
      .endNode();
  }
  fdt.endNode();

  vtyNode(fdt.beginNode('vdevice').property('#address-cells', 1).property('#size-cells', 0)).endNode();

  fdt.beginNode('rtas');
  for (const [name, token] of Object.entries(RTAS_TOKENS)) fdt.property(name, token);
  fdt.endNode();

  fdt.endNode();
  return fdt.finish(0);
}
