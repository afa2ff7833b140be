import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';

import { post } from '../api/client';
import { CATEGORIES, SUBCATEGORIES } from '../lib/label';
import type { Organization, Task } from '../api/types';
import { PRIORITIES } from '../api/types';
import { Problem } from '../components/problem';
import { useApi } from '../lib/use-api';
import { OrganizationPicker, useOrganizationChoice } from './organization';
import { useTitle } from '../lib/use-title';

/** A manual task (`POST /api/v1/tasks`): the same planning, labels, routing and notifications as a routed mail. */
export function NewTask() {
  useTitle('New task');
  const navigate = useNavigate();
  const [slug, setSlug, slugs] = useOrganizationChoice();
  const org = useApi<Organization>(slug ? `/api/v1/organizations/${encodeURIComponent(slug)}` : null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState('general');
  const [routeTo, setRouteTo] = useState('');
  const [priority, setPriority] = useState('medium');
  const [category, setCategory] = useState(1);
  const [subcategory, setSubcategory] = useState(1);
  const [sensitive, setSensitive] = useState(false);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const task = await post<Task>('/api/v1/tasks', {
        organization: slug,
        title,
        description,
        type,
        route_to: routeTo,
        priority,
        category,
        subcategory,
        sensitive,
      });
      navigate(`/tasks/${task.id}`);
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="new-task-title" className="narrow">
      <h1 id="new-task-title">New task</h1>
      <OrganizationPicker value={slug} onChange={setSlug} slugs={slugs} />
      <Problem error={org.error} />
      <form onSubmit={submit}>
        <label htmlFor="new-title">Title</label>
        <input
          id="new-title"
          required
          maxLength={300}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor="new-description">Description</label>
        <textarea
          id="new-description"
          rows={5}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <div className="inline-forms">
          <div>
            <label htmlFor="new-route">Goes to</label>
            <select id="new-route" required value={routeTo} onChange={(e) => setRouteTo(e.target.value)}>
              <option value="">choose a role or position</option>
              <optgroup label="Roles">
                {org.data?.roles.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.id}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Positions">
                {org.data?.positions.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.id} {p.title}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div>
            <label htmlFor="new-type">Type</label>
            <input id="new-type" required value={type} onChange={(e) => setType(e.target.value)} />
          </div>
          <div>
            <label htmlFor="new-priority">Priority</label>
            <select id="new-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
              {PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="new-category">Category</label>
            <select id="new-category" value={category} onChange={(e) => setCategory(Number(e.target.value))}>
              {Object.entries(CATEGORIES).map(([n, name]) => (
                <option key={n} value={n}>
                  {n} {name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="new-subcategory">Subcategory</label>
            <select
              id="new-subcategory"
              value={subcategory}
              onChange={(e) => setSubcategory(Number(e.target.value))}
            >
              {Object.entries(SUBCATEGORIES).map(([n, name]) => (
                <option key={n} value={n}>
                  {n} {name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="check">
          <input
            id="new-sensitive"
            type="checkbox"
            checked={sensitive}
            onChange={(e) => setSensitive(e.target.checked)}
          />
          <label htmlFor="new-sensitive">
            Sensitive: private visibility, the reporter shown as a pseudonym
          </label>
        </div>
        <Problem error={error} />
        <button type="submit" disabled={busy || !slug}>
          Create the task
        </button>
      </form>
    </section>
  );
}
