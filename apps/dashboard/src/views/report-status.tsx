import { type FormEvent, useState } from 'react';
import { useLocation } from 'react-router';

import { api } from '../api/client';
import { Problem } from '../components/problem';
import { solveChallenge } from '../lib/proof-of-work';
import { useTitle } from '../lib/use-title';

interface IntakeStatus {
  status: string;
  task_key?: string;
  updated_at: string;
  updates: { at: string; kind: string; text?: string }[];
  /** The proof of work for adding information (ADR 0010). */
  challenge: { token: string; difficulty: number };
}

/** A reporter follows a web report with its follow-up code, and adds information. */
export function ReportStatus() {
  useTitle('Follow your report');
  // The code comes from the receipt page in the router's state, never in the address (history, proxy logs).
  const location = useLocation();
  const [code, setCode] = useState(((location.state as { code?: string } | null)?.code ?? '').toString());
  const [status, setStatus] = useState<IntakeStatus>();
  const [text, setText] = useState('');
  const [error, setError] = useState<Error>();
  const [sent, setSent] = useState(false);
  const look = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(undefined);
    try {
      setStatus(
        await api<IntakeStatus>(
          'GET',
          `/api/v1/intake/status/${encodeURIComponent(code.trim())}`,
          undefined,
          { anonymous: true },
        ),
      );
    } catch (problem) {
      setError(problem as Error);
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSent(false);
    try {
      if (!status) return;
      const nonce = await solveChallenge(status.challenge.token, status.challenge.difficulty);
      const body = { text, challenge: status.challenge.token, nonce };
      await api('POST', `/api/v1/intake/status/${encodeURIComponent(code.trim())}/messages`, body, {
        anonymous: true,
      });
      setText('');
      setSent(true);
      await look();
    } catch (problem) {
      setError(problem as Error);
      await look().catch(() => undefined); // a fresh challenge for the next try
    }
  };
  return (
    <main id="main" className="report">
      <h1>Follow your report</h1>
      <form onSubmit={look}>
        <label htmlFor="code">Follow-up code</label>
        <input id="code" required autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        <button type="submit">Show the status</button>
      </form>
      <Problem error={error} />
      {status && (
        <section aria-live="polite">
          <h2>
            Status: {status.status.replace('_', ' ')}
            {status.task_key ? ` (${status.task_key})` : ''}
          </h2>
          <ol className="timeline">
            {status.updates.map((u, i) => (
              <li key={i}>
                <time dateTime={u.at}>{new Date(u.at).toLocaleString()}</time> {u.kind}
                {u.text ? `: ${u.text}` : ''}
              </li>
            ))}
          </ol>
          <form onSubmit={add}>
            <label htmlFor="more">Add information</label>
            <textarea id="more" rows={4} required value={text} onChange={(e) => setText(e.target.value)} />
            <button type="submit">Send</button>
            {sent && <p role="status">Added to your report.</p>}
          </form>
        </section>
      )}
    </main>
  );
}
