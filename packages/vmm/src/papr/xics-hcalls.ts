import { type ExitDispatcher, type Vcpu, H_CPPR, H_IPI, H_XIRR, H_XIRR_X, H_EOI, H_IPOLL, H_SUCCESS, H_PARAMETER } from '@hvstep/hypervisor';
import type { Xics } from './xics.js';
import { setHcallResults } from './returns.js';

/**
 * The XICS presentation hypercalls (PAPR 14.5.4.2, "hcall-interrupt"), as QEMU's
 * xics_spapr.c serves them: the caller's own ICP is the one of its server number
 * (its vCPU index); H_IPI names the target server.
 */
export function registerXicsHcalls(d: ExitDispatcher, xics: Xics, timebase: () => bigint): void {
  const low32 = (v: bigint | undefined): number => Number(BigInt.asUintN(32, v ?? 0n));
  // H_CPPR(cppr): the caller's current processor priority
  d.hcall(H_CPPR, (exit, vcpu) => { xics.setCppr(vcpu.index, low32(exit.args[0]) & 0xff); return H_SUCCESS; });
  // H_IPI(server, mfrr): an IPI to `server` at priority mfrr (0xff withdraws it)
  d.hcall(H_IPI, (exit) => {
    const server = exit.args[0]!;
    if (server >= BigInt(xics.serverCount)) return H_PARAMETER;
    xics.setMfrr(Number(server), low32(exit.args[1]) & 0xff);
    return H_SUCCESS;
  });
  // H_XIRR() -> r4 = XIRR: accept the presented interrupt
  d.hcall(H_XIRR, (_exit, vcpu: Vcpu) => { setHcallResults(vcpu, BigInt(xics.accept(vcpu.index))); return H_SUCCESS; });
  // H_XIRR_X() -> r4 = XIRR, r5 = the time base when it was accepted
  d.hcall(H_XIRR_X, (_exit, vcpu: Vcpu) => { setHcallResults(vcpu, BigInt(xics.accept(vcpu.index)), timebase()); return H_SUCCESS; });
  // H_EOI(xirr): end of interrupt, restoring the CPPR held in xirr
  d.hcall(H_EOI, (exit, vcpu) => { xics.eoi(vcpu.index, low32(exit.args[0])); return H_SUCCESS; });
  // H_IPOLL() -> r4 = XIRR, r5 = MFRR, without accepting anything
  d.hcall(H_IPOLL, (_exit, vcpu: Vcpu) => {
    const icp = xics.icps[vcpu.index]!;
    setHcallResults(vcpu, BigInt(icp.xirr), BigInt(icp.mfrr));
    return H_SUCCESS;
  });
}
