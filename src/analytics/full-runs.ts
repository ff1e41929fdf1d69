/**
 * The full runs going on each store in this process. A run reads a page, analyses it, then writes
 * it: a recompute committing in between would be overwritten by the run's older analysis, after it
 * had taken the marks that would have redone it. So this process's recomputes leave their marks
 * while a run goes on (`recompute.ts`), to be taken once it is over. A run in another process (a
 * CLI audit beside the service) is not seen.
 */
const going = new WeakMap<object, number>();

/** Registers a run on `store`; the function returned ends it (once, however often called). */
export function beginFullRun(store: object): () => void {
  going.set(store, (going.get(store) ?? 0) + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const left = (going.get(store) ?? 1) - 1;
    if (left > 0) going.set(store, left);
    else going.delete(store);
  };
}

export function fullRunGoing(store: object): boolean {
  return going.has(store);
}
