/**
 * RTAS services of the machine and their tokens (PAPR 7.2). The guest finds the
 * tokens as properties of /rtas in the device tree and calls a service through
 * hypercall 0xF000 (KVMPPC_H_RTAS) with the real address of a big-endian
 * `struct rtas_args { be32 token, nargs, nret; be32 args[16]; }` — directly, or
 * through the RTAS blob (rtas-blob.ts) that Linux enters.
 */
export const RTAS_TOKENS = {
  // QEMU's numbers (spapr.h, RTAS_TOKEN_BASE 0x2000 + n): a tree made for one
  // machine then calls the same services on the other
  'get-time-of-day': 0x2001,
  'power-off': 0x2003,
  'system-reboot': 0x2004,
  'query-cpu-stopped-state': 0x2005,
  'start-cpu': 0x2006,
  'stop-self': 0x2007,
  'ibm,set-xive': 0x200a,
  'ibm,get-xive': 0x200b,
  'ibm,int-off': 0x200c,
  'ibm,int-on': 0x200d,
  'event-scan': 0x200f,
  'ibm,os-term': 0x201f,
} as const;

export type RtasService = keyof typeof RTAS_TOKENS;

/** RTAS status codes (PAPR 7.2.8). */
export const RTAS_OUT_SUCCESS = 0;
/** event-scan: no event was pending. */
export const RTAS_OUT_NO_ERRORS_FOUND = 1;
export const RTAS_OUT_HW_ERROR = -1;
export const RTAS_OUT_PARAM_ERROR = -3;
