/** Test helpers for other packages (@hvstep/linux-user/testing): ELF building and repository paths. */
export { buildElf, asm, li32, syscallWords, type ElfSpec, type SegmentSpec } from './elf-builder.js';
export { repoRoot, hasCommand, buildCorpus, runQemu, symbolAddress, type ExternalRun } from './repo.js';
