import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from './api.js';

export type Loadable<T> =
  { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; message: string };

/** Loads data for a card: loading → ready or error, and a reload for after an action. */
export function useApi<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): Loadable<T> & { reload: () => void } {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setValue({ state: 'loading' });
    run().then(
      (data) => live && setValue({ state: 'ready', data }),
      (error: unknown) =>
        live &&
        setValue({
          state: 'error',
          message: error instanceof ApiFailure ? error.message : 'Something went wrong in Rapport.',
        }),
    );
    return () => {
      live = false;
    };
  }, [run, round]);
  return { ...value, reload: () => setRound((r) => r + 1) };
}
