import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { query } from '../api/client';
import type { Page, Task } from '../api/types';
import { Placeholder, Problem } from '../components/problem';
import {
  type DayCount,
  type EscalationEntry,
  breachesSince,
  dailyCounts,
  openByPosition,
  startOfWeek,
} from '../lib/load-figures';
import { useApi } from '../lib/use-api';
import { useNewestAudit } from '../lib/use-newest-audit';
import { useTitle } from '../lib/use-title';

/** Escalations and load: where work piles up, what breached this week, and the trend per day and label. */
export function LoadView() {
  useTitle('Escalations and load');
  const since = useMemo(() => new Date(Date.now() - 30 * 86_400_000).toISOString(), []);
  const tasks = useApi<Page<Task>>(
    `/api/v1/tasks${query({ created_after: since, limit: 200, sort: '-created_at' })}`,
  );
  const open = useApi<Page<Task>>(
    `/api/v1/tasks${query({ status: 'pending,in_progress,on_hold,escalated', limit: 200 })}`,
  );
  const escalations = useNewestAudit<EscalationEntry>({ action: 'task.*.escalated' }, 1000);
  const byPosition = useMemo(() => openByPosition(open.data?.items ?? []), [open.data]);
  const days: DayCount[] = useMemo(
    () => dailyCounts(tasks.data?.items ?? [], escalations.data?.items ?? [], 14, new Date()),
    [tasks.data, escalations.data],
  );
  const breaches = useMemo(
    () => breachesSince(escalations.data?.items ?? [], startOfWeek(new Date())),
    [escalations.data],
  );
  const byLabel = useMemo(() => {
    const counts = new Map<string, number>();
    for (const t of tasks.data?.items ?? []) counts.set(t.label, (counts.get(t.label) ?? 0) + 1);
    return [...counts]
      .map(([label, count]) => ({ label, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 12);
  }, [tasks.data]);
  return (
    <section aria-labelledby="load-title">
      <h1 id="load-title">Escalations and load</h1>
      <Problem error={open.error ?? tasks.error} />
      {escalations.error && (
        <p className="hint">
          Breaches need the audit trail, which your account may not read: {escalations.error.message}
        </p>
      )}
      <div className="columns">
        <section aria-labelledby="by-position">
          <h2 id="by-position">Open tasks by position and level</h2>
          {open.data ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Position</th>
                  <th scope="col">Level</th>
                  <th scope="col">Open</th>
                  <th scope="col">Escalated</th>
                </tr>
              </thead>
              <tbody>
                {byPosition.map((row) => (
                  <tr key={row.position}>
                    <td>{row.position}</td>
                    <td>{row.level}</td>
                    <td>{row.open}</td>
                    <td>{row.escalated}</td>
                  </tr>
                ))}
                {byPosition.length === 0 && (
                  <tr>
                    <td colSpan={4}>Nothing open.</td>
                  </tr>
                )}
              </tbody>
            </table>
          ) : (
            <Placeholder rows={4} />
          )}
        </section>
        <section aria-labelledby="breaches">
          <h2 id="breaches">Breaches this week</h2>
          <p className="big-number">{escalations.data ? breaches : '\u00a0'}</p>
          <p className="hint">Tasks escalated because nobody acted in time, since Monday.</p>
        </section>
      </div>
      <h2>Created, resolved and escalated per day</h2>
      <div
        className="chart"
        role="img"
        aria-label={`Tasks per day over the last 14 days: ${days.map((d) => `${d.day} ${d.created} created, ${d.resolved} resolved, ${d.escalated} escalated`).join('; ')}`}
      >
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={days}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="created" fill="#1f5fa8" />
            <Bar dataKey="resolved" fill="#2e7d32" />
            <Bar dataKey="escalated" fill="#b3261e" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <h2>Tasks per label (last 30 days)</h2>
      <div
        className="chart"
        role="img"
        aria-label={`Tasks per label: ${byLabel.map((l) => `${l.label} ${l.count}`).join(', ')}`}
      >
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={byLabel} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={170} />
            <Tooltip />
            <Bar dataKey="count" fill="#1f5fa8" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
