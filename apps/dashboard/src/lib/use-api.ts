import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, api } from '../api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GET `url` (null: nothing yet) and keep the last answer while a new one loads, so that a list
 * being refreshed never empties under the reader's eyes.
 */
export function useApi<T>(url: string | null, options: { anonymous?: boolean } = {}): Loaded<T> {
  const anonymous = options.anonymous ?? false;
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | Error>();
  const [loading, setLoading] = useState(url !== null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (url === null) return;
    const call = ++latest.current;
    setLoading(true);
    api<T>('GET', url, undefined, { anonymous })
      .then((value) => {
        if (call !== latest.current) return;
        setData(value);
        setError(undefined);
      })
      .catch((problem: Error) => call === latest.current && setError(problem))
      .finally(() => call === latest.current && setLoading(false));
  }, [url, tick, anonymous]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Re-renders every `ms` milliseconds (the clocks of the task list). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
