import { type FormEvent, useState } from 'react';

import type { DeadLetterV1, QuarantinedEmailV1 } from '@orgo/contracts';

import { get, patch, post } from '../api/client';
import { isAdmin, useMe } from '../auth/use-me';
import { Placeholder, Problem } from '../components/problem';
import { useApi } from '../lib/use-api';
import { useNewestAudit } from '../lib/use-newest-audit';
import { useTitle } from '../lib/use-title';

/** Operations (administrators): quarantine and dead letters with replay, users and roles, the audit trail with verify. */
export function Operations() {
  useTitle('Operations');
  const me = useMe();
  if (!isAdmin(me)) return <p role="alert">Operations are for administrators.</p>;
  return (
    <section aria-labelledby="ops-title">
      <h1 id="ops-title">Operations</h1>
      <QuarantineList />
      <DeadLetters />
      <Users />
      <AuditTrail />
    </section>
  );
}

function useAction(
  onDone: () => void,
): [(work: () => Promise<unknown>) => void, Error | undefined, string | undefined] {
  const [error, setError] = useState<Error>();
  const [done, setDone] = useState<string>();
  const act = (work: () => Promise<unknown>) => {
    setError(undefined);
    setDone(undefined);
    work().then(
      () => {
        setDone('Done.');
        onDone();
      },
      (problem: Error) => setError(problem),
    );
  };
  return [act, error, done];
}

function QuarantineList() {
  const list = useApi<{ items: QuarantinedEmailV1[]; total: number }>('/api/v1/quarantine?limit=50');
  const [act, error, done] = useAction(list.reload);
  return (
    <section aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">Quarantine {list.data ? `(${list.data.total})` : ''}</h2>
      <Problem error={list.error ?? error} />
      {done && <p role="status">{done}</p>}
      {!list.data ? (
        !list.error && <Placeholder rows={2} />
      ) : list.data.items.length === 0 ? (
        <p>No quarantined mail.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Mailbox</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((q) => (
              <tr key={q.id}>
                <td>{new Date(q.quarantined_at).toLocaleString()}</td>
                <td>
                  {q.mailbox}
                  {q.subject ? <br /> : null}
                  {q.subject}
                </td>
                <td>
                  {q.message} <code>{q.reason}</code>
                  {q.replayed_at ? (
                    <span className="hint"> · replayed {new Date(q.replayed_at).toLocaleString()}</span>
                  ) : null}
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Replay the mail to ${q.mailbox} of ${new Date(q.quarantined_at).toLocaleString()}`}
                    onClick={() => act(() => post(`/api/v1/quarantine/${q.id}/replay`))}
                  >
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeadLetters() {
  const list = useApi<{ items: DeadLetterV1[]; total: number; unavailable: string[] }>('/api/v1/dlq');
  const [act, error, done] = useAction(list.reload);
  return (
    <section aria-labelledby="dlq-title">
      <h2 id="dlq-title">Dead letters {list.data ? `(${list.data.total})` : ''}</h2>
      <Problem error={list.error ?? error} />
      {done && <p role="status">{done}</p>}
      {list.data?.unavailable.length ? (
        <p className="hint">Not answering: {list.data.unavailable.join(', ')}</p>
      ) : null}
      {!list.data ? (
        !list.error && <Placeholder rows={2} />
      ) : list.data.items.length === 0 ? (
        <p>No dead letters.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Why</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.routing_key}</code> in {d.queue} · {d.attempts} attempts ·{' '}
                  {new Date(d.created_at).toLocaleString()}
                </td>
                <td>{d.error}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Replay ${d.routing_key} from ${d.queue}`}
                    onClick={() => act(() => post(`/api/v1/dlq/${encodeURIComponent(d.id)}/replay`))}
                  >
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface User {
  id: string;
  email: string;
  role: 'admin' | 'member';
  organizations: string[];
  permissions: string[];
  disabled: boolean;
  mfa_enabled: boolean;
}

function Users() {
  const list = useApi<{ items: User[]; total: number }>('/api/v1/users');
  const [act, error, done] = useAction(list.reload);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [orgs, setOrgs] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const create = (e: FormEvent) => {
    e.preventDefault();
    act(() =>
      post('/api/v1/users', {
        email,
        password,
        role,
        // An administrator sees every organization: the field is left out rather than sent empty.
        ...(orgs.trim()
          ? {
              organizations: orgs
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
      }).then(() => setPassword('')),
    );
  };
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users and roles</h2>
      <Problem error={list.error ?? error} />
      {done && <p role="status">{done}</p>}
      {list.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Organizations</th>
              <th scope="col">Permissions</th>
              <th scope="col">MFA</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.role === 'admin' ? 'all' : u.organizations.join(', ')}</td>
                <td>{u.permissions.join(', ') || '—'}</td>
                <td>{u.mfa_enabled ? 'on' : 'off'}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                    onClick={() => act(() => patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled }))}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !list.error && <Placeholder rows={2} />
      )}
      <form onSubmit={create} className="inline-forms" aria-label="Add a user">
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as 'member' | 'admin')}>
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Organizations (comma-separated)
          <input value={orgs} onChange={(e) => setOrgs(e.target.value)} />
        </label>
        <button type="submit">Add user</button>
      </form>
    </section>
  );
}

interface AuditEntry {
  id: string;
  at: string;
  category: string;
  organization: string | null;
  action: string;
  actor: string;
  label: string | null;
  details: Record<string, unknown>;
}

function AuditTrail() {
  const [category, setCategory] = useState('');
  const [action, setAction] = useState('');
  const list = useNewestAudit<AuditEntry>(
    { category: category || undefined, action: action.trim() || undefined },
    50,
  );
  const [verify, setVerify] = useState<Record<string, unknown>>();
  const [error, setError] = useState<Error>();
  const runVerify = async () => {
    setError(undefined);
    try {
      setVerify(await get('/api/v1/audit/verify'));
    } catch (problem) {
      setError(problem as Error);
    }
  };
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail {list.data ? `(${list.data.total})` : ''}</h2>
      <div className="inline-forms">
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">all</option>
            {['task', 'email', 'workflow', 'security', 'system'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input value={action} placeholder="task.*.escalated" onChange={(e) => setAction(e.target.value)} />
        </label>
        <button type="button" onClick={() => void runVerify()}>
          Verify the chain
        </button>
      </div>
      {verify && (
        <p role="status" className={verify.ok ? 'ok' : 'problem'}>
          {verify.ok
            ? `The audit chain is intact: ${String(verify.checked ?? '')} entries checked.`
            : `The audit chain is broken: ${JSON.stringify(verify.broken)}`}
        </p>
      )}
      <Problem error={list.error ?? error} />
      {list.data ? (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Category</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Label</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.category}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.actor}</td>
                <td>{e.label ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !list.error && <Placeholder rows={3} />
      )}
    </section>
  );
}
