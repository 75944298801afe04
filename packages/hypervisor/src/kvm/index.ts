/** hvstep's KVM userspace ABI: numbers, one-reg ids, and the guest-debug structures. */
export * from './constants.js';
export * from './one-reg.js';
export * from './guest-debug.js';
