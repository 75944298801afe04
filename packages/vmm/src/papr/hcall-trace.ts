import {
  type HcallObserver, H_GET_TERM_CHAR, H_PUT_TERM_CHAR, H_EOI, H_CPPR, H_IPI, H_IPOLL, H_XIRR, H_XIRR_X, H_REGISTER_VPA, H_CONFER,
  H_GET_CPU_CHARACTERISTICS, KVMPPC_H_RTAS,
} from '@hvstep/hypervisor';
import type { GuestMemory } from '@hvstep/emulator-core';
import { rtasServiceName } from './rtas.js';

/** Names of the hypercalls the machine serves, for the trace (the numbers are the hypervisor's). */
const NAMES = new Map<number, string>(Object.entries({
  H_GET_TERM_CHAR, H_PUT_TERM_CHAR, H_EOI, H_CPPR, H_IPI, H_IPOLL, H_XIRR, H_XIRR_X, H_REGISTER_VPA, H_CONFER,
  H_GET_CPU_CHARACTERISTICS, KVMPPC_H_RTAS,
}).map(([name, nr]) => [nr, name]));

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/**
 * `--trace-hcalls`: one line per hypercall that reaches the machine (the hypervisor
 * answers H_CEDE, H_PROD, H_SET_MODE, H_REGISTER_PROC_TBL and H_RANDOM itself), with
 * its arguments r4..r7 and the r3 returned; an RTAS call names its service and
 * status. A call nobody serves is marked, so that what a guest misses stands out.
 */
export function hcallTracer(memory: GuestMemory, report: (line: string) => void): HcallObserver {
  return (exit, vcpu, r3, handled) => {
    const name = NAMES.get(exit.nr) ?? `hcall ${hex(BigInt(exit.nr))}`;
    const result = BigInt.asIntN(64, r3);
    let detail = `(${exit.args.slice(0, 4).map(hex).join(', ')}) = ${result}`;
    if (exit.nr === KVMPPC_H_RTAS && exit.args[0]! + 76n <= BigInt(memory.size)) {
      const base = Number(exit.args[0]!);
      const u32 = (i: number): number => memory.read32(base + 4 * i, false) >>> 0;
      const nargs = u32(1), nret = u32(2);
      const args = Array.from({ length: Math.min(nargs, 13) }, (_, i) => `0x${u32(3 + i).toString(16)}`);
      detail = `${rtasServiceName(u32(0))}(${args.join(', ')}) status ${nret > 0 && nargs + nret <= 16 ? memory.read32(base + 4 * (3 + nargs), false) : '-'}`;
    }
    report(`hvstep: vCPU ${vcpu.index}: ${name} ${detail}${handled ? '' : ' (not implemented: H_FUNCTION)'}`);
  };
}
