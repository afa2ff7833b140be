import { useEffect, useState } from 'react';

import { get, query } from '../api/client';
import type { Loaded } from './use-api';

/**
 * The newest `limit` audit entries matching `filters` (`GET /api/v1/audit` answers in trail order,
 * oldest first, with the total): the count first, then the last page, newest first.
 */
export function useNewestAudit<T>(
  filters: Record<string, string | undefined>,
  limit: number,
): Loaded<{ items: T[]; total: number }> {
  const [data, setData] = useState<{ items: T[]; total: number }>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(filters);
  useEffect(() => {
    let current = true;
    setLoading(true);
    const f = JSON.parse(key) as Record<string, string | undefined>;
    get<{ total: number }>(`/api/v1/audit${query({ ...f, limit: 1 })}`)
      .then((head) =>
        get<{ items: T[]; total: number }>(
          `/api/v1/audit${query({ ...f, limit, offset: Math.max(0, head.total - limit) })}`,
        ),
      )
      .then((page) => {
        if (!current) return;
        setData({ items: [...page.items].reverse(), total: page.total });
        setError(undefined);
      })
      .catch((problem: Error) => current && setError(problem))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [key, limit, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}
