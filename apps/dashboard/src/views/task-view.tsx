import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';

import { patch, post } from '../api/client';
import type { Page, Task, TaskEvent } from '../api/types';
import { isPrivacyOfficer, useMe } from '../auth/use-me';
import { Placeholder, Problem } from '../components/problem';
import { escalationClock } from '../lib/escalation-clock';
import { explainLabel } from '../lib/label';
import { useApi, useNow } from '../lib/use-api';
import { useLive } from '../lib/use-live';
import { LinksOf, MergeSplit } from './merge-split';
import { SourceMail } from './source-mail';
import { Timeline } from './timeline';
import { useTitle } from '../lib/use-title';
import { useAction } from '../lib/use-action';

const CLOSED = new Set(['completed', 'failed', 'cancelled']);

/** One task: every field of SPEC §4, its label in words, its chain, its timeline, and what one can do with it. */
export function TaskView() {
  const { id = '' } = useParams();
  const task = useApi<Task>(`/api/v1/tasks/${encodeURIComponent(id)}`);
  const events = useApi<Page<TaskEvent>>(`/api/v1/tasks/${encodeURIComponent(id)}/events`);
  const reload = () => {
    task.reload();
    events.reload();
  };
  useLive(reload);
  const now = useNow(5_000);
  useTitle(task.data ? `${task.data.key} ${task.data.title}` : 'Task');
  if (task.error) return <Problem error={task.error} />;
  if (!task.data) return <Placeholder rows={8} label="Loading the task" />;
  const t = task.data;
  const clock = escalationClock(t, now);
  return (
    <article aria-labelledby="task-title" className="task">
      <p>
        <Link to="/">← My work</Link>
      </p>
      <h1 id="task-title">
        <span className="key">{t.key}</span> {t.title || '(no subject)'}
      </h1>
      <p className="badges">
        <span className={`chip status-${t.status}`}>{t.status.replace('_', ' ')}</span>
        <span className={`chip priority-${t.priority}`}>{t.priority}</span>
        {t.sensitive && <span className="chip sensitive">sensitive</span>}
        <span className={`clock ${clock.tone}`}>{clock.text}</span>
      </p>
      <Actions task={t} onDone={reload} />
      <div className="columns">
        <section aria-labelledby="fields-title">
          <h2 id="fields-title">Details</h2>
          <dl className="fields">
            <dt>Organization</dt>
            <dd>{t.organization}</dd>
            <dt>Type</dt>
            <dd>
              {t.type}
              {t.subtype ? ` / ${t.subtype}` : ''}
            </dd>
            <dt>Category</dt>
            <dd>
              {t.category}.{t.subcategory}
            </dd>
            <dt>Severity</dt>
            <dd>{t.severity ?? '—'}</dd>
            <dt>Assignee</dt>
            <dd>
              {t.assignee.position}
              {t.assignee.person ? ` (${t.assignee.person})` : ''}
              {t.suggested_position && (
                <> · suggested {t.suggested_position}, waiting for a person to confirm</>
              )}
            </dd>
            <dt>Reporter</dt>
            <dd>
              {t.reporter}
              {t.sensitive && <> (pseudonym)</>}
            </dd>
            <dt>Visibility</dt>
            <dd>{t.visibility}</dd>
            {typeof (t.metadata.eta as { text?: string } | undefined)?.text === 'string' && (
              <>
                <dt>ETA</dt>
                <dd>
                  {(t.metadata.eta as { text: string }).text}
                  {(t.metadata.eta as { at?: string | null }).at
                    ? ` (${new Date((t.metadata.eta as { at: string }).at).toLocaleString()})`
                    : ''}
                </dd>
              </>
            )}
            <dt>Tags</dt>
            <dd>{t.tags.length ? t.tags.join(', ') : '—'}</dd>
            <dt>Source</dt>
            <dd>
              {t.source.mailbox ?? 'manual'}
              {t.source.message_id ? ` · ${t.source.message_id}` : ''}
              {t.source.received_at ? ` · received ${new Date(t.source.received_at).toLocaleString()}` : ''}
            </dd>
            <LinksOf links={t.links} />
            <dt>Created</dt>
            <dd>{new Date(t.created_at).toLocaleString()}</dd>
            <dt>Updated</dt>
            <dd>{new Date(t.updated_at).toLocaleString()}</dd>
            {Object.keys(t.metadata).length > 0 && (
              <>
                <dt>Metadata</dt>
                <dd>
                  <code>{JSON.stringify(t.metadata)}</code>
                </dd>
              </>
            )}
          </dl>
          <h3>Description</h3>
          <p className="description">{t.description || '(empty)'}</p>
          <SourceMail task={t} />
          {t.sensitive && <Reveal task={t} />}
        </section>
        <section aria-labelledby="label-title">
          <h2 id="label-title">
            Label <code>{t.label}</code>
          </h2>
          <ul className="label-parts">
            {explainLabel(t.label).map((p) => (
              <li key={p.meaning}>
                <code>{p.part}</code> {p.meaning}
              </li>
            ))}
          </ul>
          <h2>Escalation chain</h2>
          <ol className="chain">
            {t.escalation.chain.map((position, index) => (
              <li
                key={position}
                aria-current={index === t.escalation.level ? 'step' : undefined}
                className={index < t.escalation.level ? 'passed' : index === t.escalation.level ? 'here' : ''}
              >
                {position}
                {index === t.escalation.level ? ' ← now' : ''}
              </li>
            ))}
          </ol>
          <h2>Timeline</h2>
          {events.data ? (
            <Timeline events={events.data.items} />
          ) : (
            <Placeholder rows={4} label="Loading the timeline" />
          )}
          <Problem error={events.error} />
        </section>
      </div>
    </article>
  );
}

/** Accept, ETA, comment, hold / resume, resolve, escalate, reassign within the chain. */
function Actions({ task, onDone }: { task: Task; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const [eta, setEta] = useState('');
  const [reassign, setReassign] = useState('');
  const closed = CLOSED.has(task.status);
  const { run, busy, error } = useAction();
  /** Runs an action and reloads the task; resolves to whether it worked (a refused comment stays in its field). */
  const act = async (work: () => Promise<unknown>) => {
    const ok = await run(work);
    if (ok) onDone();
    return ok;
  };
  const to = (status: string, reason?: string) =>
    act(() => patch(`/api/v1/tasks/${task.id}`, { status, ...(reason ? { reason } : {}) }));
  const submitComment = (e: FormEvent) => {
    e.preventDefault();
    if (comment.trim())
      void act(() => patch(`/api/v1/tasks/${task.id}`, { comment: comment.trim() })).then(
        (ok) => ok && setComment(''),
      );
  };
  const submitEta = (e: FormEvent) => {
    e.preventDefault();
    if (eta.trim())
      void act(() => patch(`/api/v1/tasks/${task.id}`, { eta: eta.trim() })).then((ok) => ok && setEta(''));
  };
  const others = task.escalation.chain.filter((p) => p !== task.assignee.position);
  return (
    <section aria-label="Actions" className="actions">
      <div className="buttons">
        {['pending', 'escalated'].includes(task.status) && (
          <button type="button" disabled={busy} onClick={() => void to('in_progress')}>
            Accept
          </button>
        )}
        {task.status === 'in_progress' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void to('on_hold', 'waiting for the reporter or a third party')}
          >
            Put on hold
          </button>
        )}
        {task.status === 'on_hold' && (
          <button type="button" disabled={busy} onClick={() => void to('in_progress', 'resumed')}>
            Resume
          </button>
        )}
        {!closed && (
          <button type="button" disabled={busy} onClick={() => void to('completed')}>
            Resolve
          </button>
        )}
        {!closed && task.escalation.level < task.escalation.chain.length - 1 && (
          <button
            type="button"
            disabled={busy}
            className="secondary"
            onClick={() =>
              void act(() =>
                post(`/api/v1/tasks/${task.id}/escalate`, { reason: 'escalated from the dashboard' }),
              )
            }
          >
            Escalate
          </button>
        )}
      </div>
      {!closed && (
        <div className="inline-forms">
          <form onSubmit={submitEta}>
            <label htmlFor="eta">ETA</label>
            <input
              id="eta"
              value={eta}
              placeholder="30 minutes, or 2026-12-04T09:00"
              onChange={(e) => setEta(e.target.value)}
            />
            <button type="submit" disabled={busy || !eta.trim()}>
              Set ETA
            </button>
          </form>
          {others.length > 0 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (reassign)
                  void act(() =>
                    patch(`/api/v1/tasks/${task.id}`, {
                      assignee: { position: reassign },
                      reason: 'reassigned from the dashboard',
                    }),
                  );
              }}
            >
              <label htmlFor="reassign">Reassign within the chain</label>
              <select id="reassign" value={reassign} onChange={(e) => setReassign(e.target.value)}>
                <option value="">choose a position</option>
                {others.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={busy || !reassign}>
                Reassign
              </button>
            </form>
          )}
        </div>
      )}
      <form onSubmit={submitComment} className="comment">
        <label htmlFor="comment">Comment</label>
        <textarea id="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button type="submit" disabled={busy || !comment.trim()}>
          Add comment
        </button>
      </form>
      <Problem error={error} />
      {!closed && <MergeSplit task={task} onDone={onDone} />}
    </section>
  );
}

/** A privacy officer may reveal who is behind the pseudonym, saying why (audited). */
function Reveal({ task }: { task: Task }) {
  const me = useMe();
  const [reason, setReason] = useState('');
  const [identity, setIdentity] = useState<{
    address: string;
    name: string | null;
    original_text: string | null;
    revealed_at: string;
  }>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  if (!isPrivacyOfficer(me))
    return (
      <p className="hint">
        The reporter is shown as a pseudonym. Only a privacy officer can reveal who it is, and every reveal is
        audited.
      </p>
    );
  const reveal = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return; // one reveal per click: each is audited
    setBusy(true);
    setError(undefined);
    try {
      setIdentity(await post(`/api/v1/tasks/${task.id}/reveal`, { reason }));
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={reveal} className="reveal">
      <h3>Reveal the reporter</h3>
      <label htmlFor="reveal-reason">Why the identity is needed (kept in the audit trail)</label>
      <textarea
        id="reveal-reason"
        rows={2}
        minLength={10}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" disabled={busy || reason.trim().length < 10}>
        Reveal
      </button>
      {identity && (
        <div role="status" className="revealed">
          <p>
            {task.reporter} is{' '}
            <strong>{identity.name ? `${identity.name} <${identity.address}>` : identity.address}</strong>{' '}
            (revealed {new Date(identity.revealed_at).toLocaleString()}, recorded in the audit trail).
          </p>
          {identity.original_text && (
            <>
              <h4>The mail as it was written</h4>
              <p className="description">{identity.original_text}</p>
            </>
          )}
        </div>
      )}
      <Problem error={error} />
    </form>
  );
}
