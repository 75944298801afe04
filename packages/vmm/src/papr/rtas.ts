import type { GuestMemory } from '@hvstep/emulator-core';
import { RTAS_TOKENS, RTAS_OUT_SUCCESS, RTAS_OUT_PARAM_ERROR, RTAS_OUT_HW_ERROR, type RtasService } from './rtas-tokens.js';

/** What the machine does for each RTAS service (machine.ts implements it). */
export interface RtasPlatform {
  vcpuCount: number;
  isRunning(cpu: number): boolean;
  startCpu(cpu: number, startAddress: bigint, r3: bigint): void;
  stopSelf(caller: number): void;
  powerOff(status: number): void;
  reboot(): void;
}

const SERVICE_OF_TOKEN = new Map<number, RtasService>(Object.entries(RTAS_TOKENS).map(([k, v]) => [v, k as RtasService]));

/**
 * Executes one RTAS call: reads the big-endian rtas_args at `argsAddress`, runs the
 * service and writes its return values after the arguments. Returns false when the
 * argument buffer itself is unusable (the hypercall then fails with H_PARAMETER).
 */
export function callRtas(memory: GuestMemory, argsAddress: bigint, caller: number, platform: RtasPlatform): boolean {
  if (argsAddress < 0n || argsAddress + 76n > BigInt(memory.size)) return false;
  const base = Number(argsAddress);
  const u32 = (i: number): number => memory.read32(base + 4 * i, false) >>> 0;
  const token = u32(0), nargs = u32(1), nret = u32(2);
  if (nargs + nret > 16) return false;
  const arg = (i: number): number => u32(3 + i);
  const rets: number[] = [];
  const service = SERVICE_OF_TOKEN.get(token);
  const setRet = (...values: number[]): void => { rets.push(...values); };
  switch (service) {
    case 'start-cpu': {
      const cpu = arg(0);
      if (nargs < 3 || cpu >= platform.vcpuCount) { setRet(RTAS_OUT_PARAM_ERROR); break; }
      if (platform.isRunning(cpu)) { setRet(RTAS_OUT_HW_ERROR); break; }
      platform.startCpu(cpu, BigInt(arg(1)), BigInt(arg(2)));
      setRet(RTAS_OUT_SUCCESS);
      break;
    }
    case 'stop-self':
      platform.stopSelf(caller);
      setRet(RTAS_OUT_SUCCESS);
      break;
    case 'query-cpu-stopped-state': {
      const cpu = arg(0);
      if (nargs < 1 || cpu >= platform.vcpuCount) { setRet(RTAS_OUT_PARAM_ERROR); break; }
      setRet(RTAS_OUT_SUCCESS, platform.isRunning(cpu) ? 2 : 0);
      break;
    }
    case 'power-off':
      platform.powerOff(nargs >= 1 ? arg(0) : 0);
      setRet(RTAS_OUT_SUCCESS);
      break;
    case 'system-reboot':
      platform.reboot();
      setRet(RTAS_OUT_SUCCESS);
      break;
    default:
      setRet(RTAS_OUT_PARAM_ERROR);
  }
  rets.slice(0, nret).forEach((v, i) => memory.write32(base + 4 * (3 + nargs + i), v, false));
  return true;
}
