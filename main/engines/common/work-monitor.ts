// Progress and cancellation for long numerical loops. EngineContext (../engine.ts) satisfies
// WorkMonitor, so numerics take the narrow interface and stay usable without an engine.
// A sub-monitor maps its own [0, 1] onto a slice of the parent's, so each step reports
// as if it were the whole job.

export interface WorkMonitor {
  /** Fraction done in [0, 1] and what is happening. */
  progress(fraction: number, message?: string): void;
  /** Throws (CancelledError) when the user cancelled. */
  checkCancelled(): void;
}

/** A monitor that reports nothing and never cancels (tests, small helpers). */
export const silentMonitor: WorkMonitor = { progress: () => {}, checkCancelled: () => {} };

/** The slice [from, to] of `parent`'s progress; messages and cancellation pass through. */
export function subMonitor(parent: WorkMonitor, from: number, to: number): WorkMonitor {
  return {
    progress: (fraction, message) => parent.progress(from + (to - from) * clamp01(fraction), message),
    checkCancelled: () => parent.checkCancelled(),
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
