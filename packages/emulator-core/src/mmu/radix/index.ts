export { RadixTranslation, type RcMode, type RadixDescription } from './radix-translation.js';
export {
  RadixFault, type RadixFaultKind, DSISR_NOPTE, DSISR_PROTFAULT, DSISR_ISSTORE, DSISR_R_BADCONFIG, DSISR_ATOMIC_RC,
  SRR1_NOPTE, SRR1_NOEXEC_GUARD, SRR1_PROTFAULT, SRR1_R_BADCONFIG, SRR1_ATOMIC_RC,
} from './faults.js';
export { ProcessTable } from './process-table.js';
export { RadixWalker, isValidLevel, POWER9_TREE_BITS, type WalkStep } from './walk.js';
export { radixTreeBits, encodeRts, allowedAccess, protectionCause } from './pte.js';
