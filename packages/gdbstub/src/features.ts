/**
 * What the stub advertises, built from the capability groups the target offers (as
 * the Rust gdbstub crate derives its qSupported reply from the target's extensions):
 * a target without hardware breakpoints does not announce `hwbreak+`, one without a
 * single step answers `vCont?` without `s;S` (GDB then steps with breakpoints itself).
 */
import type { Target } from './target.js';

/** Largest packet we accept and advertise (PacketSize, hex 0x4000). */
export const PACKET_SIZE = 0x4000;

/** The `qSupported` reply for this target (GDB remote protocol, "General Query Packets"). */
export function supportedFeatures(target: Target): string[] {
  const features = [`PacketSize=${PACKET_SIZE.toString(16)}`, 'QStartNoAckMode+', 'multiprocess+'];
  // stop reasons the stub may report, announced only when the target can cause them
  if (target.softwareBreakpoints) features.push('swbreak+');
  if (target.hardwareBreakpoints) features.push('hwbreak+');
  features.push('vContSupported+', 'qXfer:features:read+', 'qXfer:threads:read+');
  if (target.nonStop) features.push('QNonStop+');
  return features;
}

/** The `vCont?` reply: continue and stop always, step when the target single-steps. */
export function vContSupport(target: Target): string {
  return target.singleStep ? 'vCont;c;C;s;S;t' : 'vCont;c;C;t';
}
