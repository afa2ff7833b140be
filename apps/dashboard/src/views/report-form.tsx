import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';

import { api } from '../api/client';
import { Placeholder, Problem } from '../components/problem';
import { solveChallenge } from '../lib/proof-of-work';
import { useApi } from '../lib/use-api';
import { useTitle } from '../lib/use-title';

interface IntakeForm {
  organization: { slug: string; name: string };
  role: string;
  address: string;
  anonymous_allowed: boolean;
  max_attachment_bytes: number;
  max_total_bytes: number;
  allowed_types: string[];
  challenge: { token: string; difficulty: number; expires_at?: string };
}

interface Receipt {
  receipt: { code: string; submitted_at: string; organization: string; role: string };
  message?: string;
}

/**
 * The web intake form of a role (SPEC §6): for reports that cannot be emailed, optionally
 * anonymous. No account; the receipt's follow-up code shows the status later.
 */
export function ReportForm() {
  useTitle('Report');
  const { organization = '', role = '' } = useParams();
  const formUrl = `/api/v1/intake/${encodeURIComponent(organization)}/${encodeURIComponent(role)}`;
  const form = useApi<IntakeForm>(formUrl, { anonymous: true });
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [website, setWebsite] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [receipt, setReceipt] = useState<Receipt>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<string>();

  if (form.error)
    return (
      <main id="main" className="report">
        <Problem error={form.error} />
      </main>
    );
  if (!form.data)
    return (
      <main id="main" className="report">
        <Placeholder rows={6} label="Loading the form" />
      </main>
    );
  const f = form.data;
  const tooBig =
    files.some((file) => file.size > f.max_attachment_bytes) ||
    files.reduce((n, file) => n + file.size, 0) > f.max_total_bytes;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setBusy('Checking that you are a person (a second or so)…');
      // A form left open longer than its challenge lives (minutes) gets a fresh one first.
      const expires = f.challenge.expires_at ? Date.parse(f.challenge.expires_at) : Infinity;
      const challenge =
        expires - Date.now() < 10_000
          ? (await api<IntakeForm>('GET', formUrl, undefined, { anonymous: true })).challenge
          : f.challenge;
      const nonce = await solveChallenge(challenge.token, challenge.difficulty);
      setBusy('Sending…');
      const body = new FormData();
      body.set('subject', subject);
      body.set('description', description);
      if (!anonymous && contact.trim()) body.set('contact', contact.trim());
      body.set('anonymous', String(anonymous));
      body.set('website', website);
      body.set('challenge', challenge.token);
      body.set('nonce', nonce);
      for (const file of files) body.append('files', file);
      setReceipt(await api<Receipt>('POST', formUrl, body, { anonymous: true }));
    } catch (problem) {
      setError(problem as Error);
      form.reload(); // a fresh challenge for the next try
    } finally {
      setBusy(undefined);
    }
  };

  if (receipt) {
    return (
      <main id="main" className="report">
        <h1>Your report was received</h1>
        <p>
          Keep this follow-up code: with it you can see what happens to your report and add information,
          without an account. It is shown only now.
        </p>
        <p className="receipt-code">
          <code data-testid="receipt-code">{receipt.receipt.code}</code>
        </p>
        <p>
          <Link to="/report/status" state={{ code: receipt.receipt.code }}>
            Follow your report
          </Link>
        </p>
      </main>
    );
  }

  return (
    <main id="main" className="report">
      <h1>
        Report to {f.organization.name}: {f.role}
      </h1>
      <p className="hint">
        This reaches the people who handle <strong>{f.role}</strong>, as a mail to {f.address} would.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="subject">Subject</label>
        <input
          id="subject"
          required
          maxLength={200}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
        />
        <label htmlFor="description">What happened</label>
        <textarea
          id="description"
          required
          rows={8}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <label htmlFor="files">Attachments (optional)</label>
        <input
          id="files"
          type="file"
          multiple
          accept={f.allowed_types.join(',')}
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
          aria-describedby="files-hint"
        />
        <p id="files-hint" className="hint">
          Up to {Math.floor(f.max_attachment_bytes / 1_000_000)} MB each,{' '}
          {Math.floor(f.max_total_bytes / 1_000_000)} MB in all.
        </p>
        {tooBig && (
          <p role="alert" className="problem">
            These files are too large: remove some or send smaller ones.
          </p>
        )}
        {f.anonymous_allowed && (
          <div className="check">
            <input
              id="anonymous"
              type="checkbox"
              checked={anonymous}
              onChange={(e) => setAnonymous(e.target.checked)}
            />
            <label htmlFor="anonymous">
              Send anonymously: nothing about me is stored or shown (nobody can answer me except through the
              follow-up code)
            </label>
          </div>
        )}
        {!anonymous && (
          <>
            <label htmlFor="contact">Your email (the people handling it answer there)</label>
            <input
              id="contact"
              type="email"
              autoComplete="email"
              required
              value={contact}
              onChange={(e) => setContact(e.target.value)}
            />
            {f.anonymous_allowed && <p className="hint">Or send it anonymously (above).</p>}
          </>
        )}
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">Leave this empty</label>
          <input
            id="website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={website}
            onChange={(e) => setWebsite(e.target.value)}
          />
        </div>
        <Problem error={error} />
        {busy && <p role="status">{busy}</p>}
        <button type="submit" disabled={!!busy || tooBig}>
          Send the report
        </button>
      </form>
    </main>
  );
}
