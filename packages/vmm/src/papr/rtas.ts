import type { GuestMemory } from '@hvstep/emulator-core';
import { H_SUCCESS, H_PARAMETER } from '@hvstep/hypervisor';
import {
  RTAS_TOKENS, RTAS_OUT_SUCCESS, RTAS_OUT_PARAM_ERROR, RTAS_OUT_HW_ERROR, RTAS_OUT_NO_ERRORS_FOUND, type RtasService,
} from './rtas-tokens.js';
import { XICS_PRIORITY_NONE, type Xics } from './xics.js';

/** What the machine does for each RTAS service (machine.ts implements it). */
export interface RtasPlatform {
  vcpuCount: number;
  isRunning(cpu: number): boolean;
  startCpu(cpu: number, startAddress: bigint, r3: bigint): void;
  stopSelf(caller: number): void;
  /** power-off: `status` is the exit status (0 for Linux's "no power-on time", -1/-1). */
  powerOff(status: number): void;
  reboot(): void;
  /** ibm,os-term: the guest gave up (a panic), with its message. */
  osTerm(message: string): void;
  /** The time of day get-time-of-day reports (the host's clock, UTC). */
  now(): Date;
  xics: Xics;
}

/** Longest ibm,os-term message read (QEMU reads 511 bytes). */
const OS_TERM_MESSAGE_MAX = 511;

const SERVICE_OF_TOKEN = new Map<number, RtasService>(Object.entries(RTAS_TOKENS).map(([k, v]) => [v, k as RtasService]));

/** One call: its arguments, and `ret` for its return values (status first). */
interface RtasCall {
  caller: number;
  nargs: number;
  nret: number;
  arg(i: number): number;
  ret(...values: number[]): void;
}

/** Each service, as QEMU's spapr_rtas.c / spapr_rtc.c / xics_spapr.c / spapr_events.c answers it. */
const SERVICES: Record<RtasService, (call: RtasCall, platform: RtasPlatform, memory: GuestMemory) => void> = {
  'start-cpu': (c, p) => {
    const cpu = c.arg(0);
    if (c.nargs < 3 || cpu >= p.vcpuCount) return c.ret(RTAS_OUT_PARAM_ERROR);
    if (p.isRunning(cpu)) return c.ret(RTAS_OUT_HW_ERROR);
    p.startCpu(cpu, BigInt(c.arg(1)), BigInt(c.arg(2)));
    c.ret(RTAS_OUT_SUCCESS);
  },
  'stop-self': (c, p) => { p.stopSelf(c.caller); c.ret(RTAS_OUT_SUCCESS); },
  'query-cpu-stopped-state': (c, p) => {
    const cpu = c.arg(0);
    if (c.nargs < 1 || cpu >= p.vcpuCount) return c.ret(RTAS_OUT_PARAM_ERROR);
    c.ret(RTAS_OUT_SUCCESS, p.isRunning(cpu) ? 2 : 0);
  },
  'power-off': (c, p) => {
    // PAPR's arguments are a power-on time; Linux passes -1, -1 (none). hvstep's own
    // guests pass their exit status in the first.
    const noPowerOnTime = c.nargs >= 2 && c.arg(0) === 0xffffffff && c.arg(1) === 0xffffffff;
    p.powerOff(c.nargs >= 1 && !noPowerOnTime ? c.arg(0) : 0);
    c.ret(RTAS_OUT_SUCCESS);
  },
  'system-reboot': (c, p) => { p.reboot(); c.ret(RTAS_OUT_SUCCESS); },
  'get-time-of-day': (c, p) => {
    if (c.nret !== 8) return c.ret(RTAS_OUT_PARAM_ERROR);
    const t = p.now();
    const ms = t.getTime();
    c.ret(RTAS_OUT_SUCCESS, t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(),
      (((ms % 1000) + 1000) % 1000) * 1_000_000);
  },
  'event-scan': (c) => {
    if (c.nargs !== 4 || c.nret !== 1) return c.ret(RTAS_OUT_PARAM_ERROR);
    c.ret(RTAS_OUT_NO_ERRORS_FOUND); // the machine raises no platform events
  },
  'ibm,os-term': (c, p, memory) => {
    if (c.nargs !== 1 || c.nret !== 1) return c.ret(RTAS_OUT_PARAM_ERROR);
    p.osTerm(readCString(memory, c.arg(0), OS_TERM_MESSAGE_MAX));
    c.ret(RTAS_OUT_SUCCESS);
  },
  'ibm,set-xive': (c, p) => {
    if (c.nargs !== 3 || c.nret !== 1) return c.ret(RTAS_OUT_PARAM_ERROR);
    const [nr, server, priority] = [c.arg(0), c.arg(1), c.arg(2)];
    if (!p.xics.validIrq(nr) || !p.xics.validServer(server) || priority > 0xff) return c.ret(RTAS_OUT_PARAM_ERROR);
    p.xics.writeXive(nr, server, priority, priority);
    c.ret(RTAS_OUT_SUCCESS);
  },
  'ibm,get-xive': (c, p) => {
    if (c.nargs !== 1 || c.nret !== 3) return c.ret(RTAS_OUT_PARAM_ERROR);
    const nr = c.arg(0);
    if (!p.xics.validIrq(nr)) return c.ret(RTAS_OUT_PARAM_ERROR);
    const source = p.xics.source(nr);
    c.ret(RTAS_OUT_SUCCESS, source.server, source.priority);
  },
  'ibm,int-off': (c, p) => {
    if (c.nargs !== 1 || c.nret !== 1) return c.ret(RTAS_OUT_PARAM_ERROR);
    const nr = c.arg(0);
    if (!p.xics.validIrq(nr)) return c.ret(RTAS_OUT_PARAM_ERROR);
    const source = p.xics.source(nr);
    p.xics.writeXive(nr, source.server, XICS_PRIORITY_NONE, source.priority);
    c.ret(RTAS_OUT_SUCCESS);
  },
  'ibm,int-on': (c, p) => {
    if (c.nargs !== 1 || c.nret !== 1) return c.ret(RTAS_OUT_PARAM_ERROR);
    const nr = c.arg(0);
    if (!p.xics.validIrq(nr)) return c.ret(RTAS_OUT_PARAM_ERROR);
    const source = p.xics.source(nr);
    p.xics.writeXive(nr, source.server, source.savedPriority, source.savedPriority);
    c.ret(RTAS_OUT_SUCCESS);
  },
};

function readCString(memory: GuestMemory, address: number, max: number): string {
  const end = Math.min(memory.size, address + max);
  let n = address;
  while (n < end && memory.read8(n) !== 0) n++;
  return address < end ? new TextDecoder().decode(memory.u8.slice(address, n)) : '';
}

/** The RTAS token of a call, for traces. */
export function rtasServiceName(token: number): string {
  return SERVICE_OF_TOKEN.get(token) ?? `token 0x${token.toString(16)}`;
}

/**
 * Executes one RTAS call: reads the big-endian rtas_args at `argsAddress`, runs the
 * service and writes its return values after the arguments. Returns the hypercall's
 * code: H_PARAMETER when the argument buffer itself is unusable or the token is
 * unknown (then, as in QEMU's spapr_rtas_call, the status is -3 too).
 */
export function callRtas(memory: GuestMemory, argsAddress: bigint, caller: number, platform: RtasPlatform): number {
  if (argsAddress < 0n || argsAddress + 76n > BigInt(memory.size)) return H_PARAMETER;
  const base = Number(argsAddress);
  const u32 = (i: number): number => memory.read32(base + 4 * i, false) >>> 0;
  const token = u32(0), nargs = u32(1), nret = u32(2);
  if (nargs + nret > 16) return H_PARAMETER;
  const rets: number[] = [];
  const call: RtasCall = {
    caller, nargs, nret,
    arg: (i) => (i < nargs ? u32(3 + i) : 0),
    ret: (...values) => { rets.push(...values); },
  };
  const service = SERVICE_OF_TOKEN.get(token);
  if (service) SERVICES[service](call, platform, memory);
  else call.ret(RTAS_OUT_PARAM_ERROR);
  rets.slice(0, nret).forEach((v, i) => memory.write32(base + 4 * (3 + nargs + i), v, false));
  return service ? H_SUCCESS : H_PARAMETER;
}
