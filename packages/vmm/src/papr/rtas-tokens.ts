/**
 * RTAS services of the machine and their tokens (PAPR 7.2). The guest finds the
 * tokens as properties of /rtas in the device tree and calls a service through
 * hypercall 0xF000 (KVMPPC_H_RTAS) with the real address of a big-endian
 * `struct rtas_args { be32 token, nargs, nret; be32 args[16]; }` — directly, or
 * through the RTAS blob (rtas-blob.ts) that Linux enters.
 */
export const RTAS_TOKENS = {
  'start-cpu': 0x2001,
  'stop-self': 0x2002,
  'query-cpu-stopped-state': 0x2003,
  'power-off': 0x2004,
  'system-reboot': 0x2005,
  'get-time-of-day': 0x2006,
  'event-scan': 0x2007,
  'ibm,os-term': 0x2008,
  'ibm,set-xive': 0x2009,
  'ibm,get-xive': 0x200a,
  'ibm,int-off': 0x200b,
  'ibm,int-on': 0x200c,
} as const;

export type RtasService = keyof typeof RTAS_TOKENS;

/** RTAS status codes (PAPR 7.2.8). */
export const RTAS_OUT_SUCCESS = 0;
/** event-scan: no event was pending. */
export const RTAS_OUT_NO_ERRORS_FOUND = 1;
export const RTAS_OUT_HW_ERROR = -1;
export const RTAS_OUT_PARAM_ERROR = -3;
