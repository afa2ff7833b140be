import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { get, post, query } from '../api/client';
import type { Page, Task } from '../api/types';
import { Problem } from '../components/problem';
import { useApi } from '../lib/use-api';
import { useAction } from '../lib/use-action';

/** The links a merge or a split leaves on a task (more fields of the SPEC §4 contract). */
export interface TaskLinks {
  merged_into: string | null;
  merged: string[];
  split_from: string | null;
  split_into: string[];
}

/** Merge a duplicate into another task (found by its key), or split a second problem out of the same mail. */
export function MergeSplit({ task, onDone }: { task: Task; onDone: () => void }) {
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [title, setTitle] = useState('');
  const { run, busy, error } = useAction();
  const merge = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const wanted = key.trim().toUpperCase();
      const found = await get<Page<Task>>(
        `/api/v1/tasks${query({ organization: task.organization, text: wanted, limit: 20 })}`,
      );
      const into = found.items.find((t) => t.key.toUpperCase() === wanted);
      if (!into) throw new Error(`No task ${wanted} that you may see in ${task.organization}: check the key`);
      await post(`/api/v1/tasks/${task.id}/merge`, { into: into.id, reason: `duplicate of ${into.key}` });
      onDone();
      navigate(`/tasks/${into.id}`);
    });
  };
  const split = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const created = await post<Task>(`/api/v1/tasks/${task.id}/split`, { title: title.trim() });
      onDone();
      navigate(`/tasks/${created.id}`);
    });
  };
  return (
    <details className="merge-split">
      <summary>Duplicate or two problems?</summary>
      <div className="inline-forms">
        <form onSubmit={merge} aria-label="Merge into another task">
          <div>
            <label htmlFor="merge-key">This is a duplicate of (task key)</label>
            <input id="merge-key" value={key} placeholder="NS-12" onChange={(e) => setKey(e.target.value)} />
          </div>
          <button type="submit" disabled={busy || !key.trim()}>
            Merge into it
          </button>
        </form>
        <form onSubmit={split} aria-label="Split a second task out of this mail">
          <div>
            <label htmlFor="split-title">Second problem in the same mail</label>
            <input
              id="split-title"
              value={title}
              placeholder="Also: the heating in room 4"
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
          <button type="submit" disabled={busy || !title.trim()}>
            Split it out
          </button>
        </form>
      </div>
      <Problem error={error} />
    </details>
  );
}

/** Another task by its key (fetched: links carry ids); one the caller may not see says so. */
function TaskRef({ id }: { id: string }) {
  const task = useApi<Task>(`/api/v1/tasks/${encodeURIComponent(id)}`);
  if (task.error) return <span>a task you may not see</span>;
  return <Link to={`/tasks/${id}`}>{task.data ? `${task.data.key} ${task.data.title}` : 'a task'}</Link>;
}

/** Where a task was merged or split. */
export function LinksOf({ links }: { links: TaskLinks | undefined }) {
  if (!links) return null;
  const items = [
    ...(links.merged_into ? [{ id: links.merged_into, text: 'merged into' }] : []),
    ...links.merged.map((id) => ({ id, text: 'duplicate merged here:' })),
    ...(links.split_from ? [{ id: links.split_from, text: 'split from' }] : []),
    ...links.split_into.map((id) => ({ id, text: 'split off:' })),
  ];
  if (items.length === 0) return null;
  return (
    <>
      <dt>Linked</dt>
      <dd>
        <ul className="plain">
          {items.map((l) => (
            <li key={l.id + l.text}>
              {l.text} <TaskRef id={l.id} />
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}
