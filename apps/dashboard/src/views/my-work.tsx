import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { query } from '../api/client';
import { OPEN_STATUSES, PRIORITIES, type Page, STATUSES, type Task } from '../api/types';
import { isAdmin, useMe } from '../auth/use-me';
import { Placeholder, Problem } from '../components/problem';
import { escalationClock } from '../lib/escalation-clock';
import { type TaskFilters, filtersFrom, searchOf, taskQuery } from '../lib/task-filters';
import { useApi, useNow } from '../lib/use-api';
import { useLive } from '../lib/use-live';
import { useTitle } from '../lib/use-title';

export interface HeldPosition {
  organization: string;
  position: string;
  role: string | null;
  level: number;
}

/** "My work": the tasks of the positions I hold (and escalated to them), filtered, sorted, counted, live. */
export function MyWork() {
  useTitle('My work');
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search.toString());
  const positions = useApi<{ items: HeldPosition[] }>('/api/v1/me/positions');
  const holds = (positions.data?.items.length ?? 0) > 0;
  // Someone who holds no position (an administrator) sees every task of their scope.
  const mine = filters.scope === 'mine' && holds;
  const tasks = useApi<Page<Task>>(
    positions.data || positions.error ? `/api/v1/tasks${query(taskQuery(filters, mine))}` : null,
  );
  const [latest, setLatest] = useState<string>();
  useLive((notification) => {
    if (notification?.subject) setLatest(notification.subject);
    tasks.reload();
  });
  const now = useNow(15_000);
  const set = (change: Partial<TaskFilters>) =>
    setSearch(searchOf({ ...filters, ...change }).slice(1), { replace: true });
  const counts = useMemo(() => {
    const byStatus = new Map<string, number>();
    for (const t of tasks.data?.items ?? []) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
    return byStatus;
  }, [tasks.data]);
  const statusChoice = filters.status === OPEN_STATUSES.join(',') ? 'open' : filters.status || 'any';

  return (
    <section aria-labelledby="my-work-title">
      <div className="title-row">
        <h1 id="my-work-title">My work</h1>
        <Link to="/tasks/new" className="button-link">
          New task
        </Link>
      </div>
      <p className="lede">
        {holds
          ? `Tasks of ${positions.data!.items.map((p) => p.position).join(', ')}${filters.scope === 'all' ? ', and every other task you may see' : ', and those escalated to them'}.`
          : isAdmin(me)
            ? 'You hold no position: these are all the tasks of your organizations.'
            : 'You hold no position: these are the tasks you may see.'}
      </p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select
            value={statusChoice}
            onChange={(e) =>
              set({
                status:
                  e.target.value === 'open'
                    ? OPEN_STATUSES.join(',')
                    : e.target.value === 'any'
                      ? ''
                      : e.target.value,
              })
            }
          >
            <option value="open">open</option>
            <option value="any">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select value={filters.priority} onChange={(e) => set({ priority: e.target.value })}>
            <option value="">any</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label prefix
          <input
            value={filters.label}
            placeholder="1001.8"
            onChange={(e) => set({ label: e.target.value })}
          />
        </label>
        <label>
          Type
          <input
            value={filters.type}
            placeholder="maintenance"
            onChange={(e) => set({ type: e.target.value })}
          />
        </label>
        <label className="grow">
          Text
          <input
            type="search"
            value={filters.text}
            placeholder="water leak"
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label>
          Sort
          <select value={filters.sort} onChange={(e) => set({ sort: e.target.value })}>
            <option value="-created_at">newest first</option>
            <option value="created_at">oldest first</option>
            <option value="-updated_at">recently changed</option>
            <option value="-priority">highest priority</option>
          </select>
        </label>
        {holds && (
          <label>
            Show
            <select
              value={filters.scope}
              onChange={(e) => set({ scope: e.target.value as TaskFilters['scope'] })}
            >
              <option value="mine">my positions</option>
              <option value="all">everything I may see</option>
            </select>
          </label>
        )}
      </form>
      <p className="live" role="status">
        {latest ? `Just now: ${latest}` : '\u00a0'}
      </p>
      <Problem error={tasks.error} />
      <p className="counts" aria-live="polite">
        {tasks.data ? (
          <>
            <strong>{tasks.data.total}</strong> {tasks.data.total === 1 ? 'task' : 'tasks'}
            {[...counts].map(([status, n]) => (
              <span key={status} className={`chip status-${status}`}>
                {status.replace('_', ' ')} {n}
              </span>
            ))}
          </>
        ) : (
          '\u00a0'
        )}
      </p>
      {!tasks.data && !tasks.error ? (
        <Placeholder rows={5} label="Loading tasks" />
      ) : (
        <table className="tasks">
          <caption className="visually-hidden">Tasks</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Title</th>
              <th scope="col">Label</th>
              <th scope="col">Priority</th>
              <th scope="col">Status</th>
              <th scope="col">Clock</th>
            </tr>
          </thead>
          <tbody>
            {tasks.data?.items.map((task) => {
              const clock = escalationClock(task, now);
              return (
                <tr key={task.id}>
                  <td data-label="Key">
                    <Link to={`/tasks/${task.id}`}>{task.key}</Link>
                  </td>
                  <td data-label="Title">
                    <Link to={`/tasks/${task.id}`}>{task.title || '(no subject)'}</Link>
                    {task.sensitive && <span className="chip sensitive">sensitive</span>}
                  </td>
                  <td data-label="Label">
                    <code>{task.label}</code>
                  </td>
                  <td data-label="Priority">
                    <span className={`chip priority-${task.priority}`}>{task.priority}</span>
                  </td>
                  <td data-label="Status">{task.status.replace('_', ' ')}</td>
                  <td data-label="Clock" className={`clock ${clock.tone}`}>
                    {clock.text}
                  </td>
                </tr>
              );
            })}
            {tasks.data?.items.length === 0 && (
              <tr>
                <td colSpan={6}>No task matches these filters.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
