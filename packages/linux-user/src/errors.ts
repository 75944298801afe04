/**
 * A program that cannot be started: missing or unreadable file, not a ppc64
 * executable, or one the loader cannot place. `message` is the one-line reason the
 * CLI prints as "hvstep: <file>: <reason>" (exit status 2).
 */
export class LoadError extends Error {
  override readonly name: string = 'LoadError';
}
