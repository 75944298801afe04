import {
  MSR_HI_HV, MSR_PR, MSR_IR, MSR_DR, MSR_LE, MSR_EE, MSR_SE, MSR_BE, W_MSR,
  SPR_SRR0, SPR_SRR1, SPR_DAR, SPR_DSISR, SPR_SPRG0, SPR_SPRG1, SPR_SPRG2, SPR_SPRG3, SPR_DEC, SPR_PID,
  SPR_HSRR0, SPR_HSRR1, SPR_CIABR, SPR_DAWR0, SPR_DAWRX0, SPR_CFAR, SPR_AMR, SPR_FSCR, SPR_TAR, SPR_PPR,
  SPR_HSPRG0, SPR_HSPRG1, SPR_HDAR, SPR_HDSISR, PVR_POWER9, TIMEBASE_HZ,
} from '@hvstep/emulator-core';
import type { Vcpu, Vm } from '@hvstep/hypervisor';

/**
 * Text views of a stopped vCPU for the monitor (`info cpus`, `info registers`,
 * `info sprs`), read from the shared register file and the partition state — what
 * GDB's register set (r0-r31, pc, msr, cr, lr, ctr, xer, fpscr) does not show.
 */

const hex = (v: bigint | number, digits = 16): string => `0x${v.toString(16).padStart(digits, '0')}`;

/** MSR[HV] and MSR[PR]: hypervisor, supervisor (privileged) or problem (user) state. */
export function privilege(vcpu: Vcpu): string {
  const w = vcpu.state.w;
  if ((w[W_MSR]! & MSR_PR) !== 0) return 'problem state';
  return (w[W_MSR + 1]! & MSR_HI_HV) !== 0 ? 'hypervisor state' : 'supervisor state';
}

/** MSR[IR]/MSR[DR]: translation for instructions and data (the partition uses radix). */
export function mmu(vcpu: Vcpu): string {
  const lo = vcpu.state.w[W_MSR]!;
  const ir = (lo & MSR_IR) !== 0, dr = (lo & MSR_DR) !== 0;
  if (ir && dr) return 'MMU on';
  if (!ir && !dr) return 'MMU off (real mode)';
  return `MMU mixed (IR=${ir ? 1 : 0} DR=${dr ? 1 : 0})`;
}

export function byteOrder(vcpu: Vcpu): string {
  return (vcpu.state.w[W_MSR]! & MSR_LE) !== 0 ? 'LE' : 'BE';
}

/** One line per vCPU: thread, started, running, pc, msr, byte order, privilege, MMU. */
export function cpuLine(vcpu: Vcpu, started: boolean): string {
  const s = vcpu.state;
  const run = vcpu.running ? 'running' : 'stopped';
  return `vCPU ${vcpu.index} (thread ${vcpu.index + 1}): ${started ? 'started' : 'not started'}, ${run}, pc ${hex(s.nip)}, msr ${hex(s.msr)}, ${byteOrder(vcpu)}, ${privilege(vcpu)}, ${mmu(vcpu)}\n`;
}

/** MSR bits worth naming in a register dump. */
function msrFlags(vcpu: Vcpu): string {
  const lo = vcpu.state.w[W_MSR]!;
  const names: [number, string][] = [[MSR_EE, 'EE'], [MSR_PR, 'PR'], [MSR_SE, 'SE'], [MSR_BE, 'BE'], [MSR_IR, 'IR'], [MSR_DR, 'DR'], [MSR_LE, 'LE']];
  const on = names.filter(([bit]) => (lo & bit) !== 0).map(([, n]) => n);
  if ((vcpu.state.w[W_MSR + 1]! & MSR_HI_HV) !== 0) on.unshift('HV');
  return on.join(' ') || '-';
}

/** GPRs, pc, msr, CR, LR, CTR, XER in QEMU's `info registers` layout (four GPRs a line). */
export function registerDump(vcpu: Vcpu): string {
  const s = vcpu.state;
  let out = `vCPU ${vcpu.index} (thread ${vcpu.index + 1}): ${byteOrder(vcpu)}, ${privilege(vcpu)}, ${mmu(vcpu)}\n`;
  out += `pc  ${hex(s.nip)}  msr ${hex(s.msr)} [${msrFlags(vcpu)}]\n`;
  for (let row = 0; row < 32; row += 4) {
    const cells = [0, 1, 2, 3].map((k) => `r${String(row + k).padEnd(2)} ${hex(s.gpr(row + k))}`);
    out += cells.join('  ') + '\n';
  }
  out += `cr  ${hex(s.cr, 8)}  lr  ${hex(s.lr)}  ctr ${hex(s.ctr)}  xer ${hex(s.xer, 8)}\n`;
  return out;
}

/** The supervisor and hypervisor SPRs a kernel debugger looks at, two a line. */
export function sprDump(vm: Vm, vcpu: Vcpu): string {
  const spr = (n: number) => vcpu.getSpr(n);
  const rows: [string, string][] = [
    ['SRR0', hex(spr(SPR_SRR0))], ['SRR1', hex(spr(SPR_SRR1))],
    ['DAR', hex(spr(SPR_DAR))], ['DSISR', hex(spr(SPR_DSISR) & 0xffffffffn, 8)],
    ['SPRG0', hex(spr(SPR_SPRG0))], ['SPRG1', hex(spr(SPR_SPRG1))],
    ['SPRG2', hex(spr(SPR_SPRG2))], ['SPRG3', hex(spr(SPR_SPRG3))],
    ['PID', hex(spr(SPR_PID) & 0xffffffffn, 8)], ['CFAR', hex(spr(SPR_CFAR))],
    ['AMR', hex(spr(SPR_AMR))], ['FSCR', hex(spr(SPR_FSCR))],
    ['TAR', hex(spr(SPR_TAR))], ['PPR', hex(spr(SPR_PPR))],
    ['HSRR0', hex(spr(SPR_HSRR0))], ['HSRR1', hex(spr(SPR_HSRR1))],
    ['HSPRG0', hex(spr(SPR_HSPRG0))], ['HSPRG1', hex(spr(SPR_HSPRG1))],
    ['HDAR', hex(spr(SPR_HDAR))], ['HDSISR', hex(spr(SPR_HDSISR) & 0xffffffffn, 8)],
    ['CIABR', hex(spr(SPR_CIABR))], ['DAWR0', hex(spr(SPR_DAWR0))],
    ['DAWRX0', hex(spr(SPR_DAWRX0))], ['PVR', hex(PVR_POWER9, 8)],
  ];
  let out = `vCPU ${vcpu.index} (thread ${vcpu.index + 1}) SPRs:\n`;
  for (let i = 0; i < rows.length; i += 2) {
    out += rows.slice(i, i + 2).map(([n, v]) => `${n.padEnd(7)}${v}`).join('    ') + '\n';
  }
  // partition-wide and time: not per-vCPU slots of the register file
  const lpcr = (BigInt(vm.partition.lpcrHi >>> 0) << 32n) | BigInt(vm.partition.lpcrLo >>> 0);
  const table = vm.partition.processTable;
  out += `LPCR   ${hex(lpcr)} (partition-wide)    process table ${table ? `${hex(table.base, 1)} (size 2^${table.sizeLog2})` : 'none'}\n`;
  const ticks = vm.clock.ticks();
  out += `TB     ${hex(ticks)} (${(ticks / TIMEBASE_HZ).toFixed(3)} s of guest time${vm.clock.paused ? ', clock paused' : ''})\n`;
  // the vCPU thread keeps the decrementer as an expiry time, not in the register file
  out += `DEC    ${hex(spr(SPR_DEC) & 0xffffffffn, 8)} (last value written by mtdec)\n`;
  return out;
}
