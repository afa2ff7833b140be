import { useCallback, useState } from 'react';

/**
 * One user action at a time: `run(work)` marks the form busy (its buttons disable), clears the last
 * error, and keeps the API's error to show when the work fails. Resolves to whether it succeeded.
 */
export function useAction(): {
  run: (work: () => Promise<unknown>) => Promise<boolean>;
  busy: boolean;
  error: Error | undefined;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      return true;
    } catch (problem) {
      setError(problem as Error);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error };
}
