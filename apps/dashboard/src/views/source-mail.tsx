import { type FormEvent, useState } from 'react';

import { download, get } from '../api/client';
import type { Task } from '../api/types';
import { useMe } from '../auth/use-me';
import { Problem } from '../components/problem';

interface Address {
  address: string;
  name: string | null;
}

interface EmailView {
  id: string;
  mailbox: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  subject: string | null;
  date: string | null;
  text: string | null;
  attachments: { name: string; size: number; type: string }[];
  parse: { outcome: string; reason: string | null; message: string | null };
  sensitive: boolean;
}

const who = (a: Address | null) => (a ? (a.name ? `${a.name} <${a.address}>` : a.address) : '—');

/** The mail a task came from (`GET /api/v1/emails/{id}`: a sensitive report as its pseudonym, scrubbed); the raw message with permission. */
export function SourceMail({ task }: { task: Task }) {
  const me = useMe();
  const [mail, setMail] = useState<EmailView>();
  const [error, setError] = useState<Error>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const id = task.source.email_id;
  if (!id) return null;
  const show = () => get<EmailView>(`/api/v1/emails/${id}`).then(setMail, setError);
  // raw_mail reads an ordinary mail's source; a sensitive report's needs privacy_officer and a reason (it names the reporter).
  const sensitive = task.sensitive || !!mail?.sensitive;
  const mayRaw =
    !!me &&
    (sensitive
      ? me.permissions.includes('privacy_officer')
      : me.permissions.includes('raw_mail') || me.permissions.includes('privacy_officer'));
  const saveRaw = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const why = sensitive ? `?reason=${encodeURIComponent(reason.trim())}` : '';
      const url = URL.createObjectURL(await download(`/api/v1/emails/${id}/raw${why}`));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${id}.eml`;
      a.click();
      // Revoked later: some browsers start the download after the click returns.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="mail-title">
      <h3 id="mail-title">The mail</h3>
      {!mail && (
        <button type="button" className="secondary" onClick={() => void show()}>
          Show the mail
        </button>
      )}
      {mail && (
        <>
          <dl className="fields">
            <dt>From</dt>
            <dd>{who(mail.from)}</dd>
            <dt>To</dt>
            <dd>{mail.to.map(who).join(', ') || '—'}</dd>
            {mail.cc.length > 0 && (
              <>
                <dt>Cc</dt>
                <dd>{mail.cc.map(who).join(', ')}</dd>
              </>
            )}
            <dt>Subject</dt>
            <dd>{mail.subject ?? '—'}</dd>
            <dt>Date</dt>
            <dd>{mail.date ? new Date(mail.date).toLocaleString() : '—'}</dd>
            <dt>Attachments</dt>
            <dd>
              {mail.attachments.length
                ? mail.attachments
                    .map((a) => `${a.name} (${a.type}, ${Math.ceil(a.size / 1024)} KB)`)
                    .join(', ')
                : '—'}
            </dd>
          </dl>
          {mail.sensitive && (
            <p className="hint">
              A sensitive report: shown by pseudonym, with addresses, phone numbers and the signature taken
              out.
            </p>
          )}
          <p className="description">{mail.text ?? '(no text)'}</p>
        </>
      )}
      {mayRaw && (
        <form onSubmit={saveRaw} className="inline-forms">
          {sensitive && (
            <div>
              <label htmlFor="raw-reason">Why the raw message is needed (kept in the audit trail)</label>
              <input
                id="raw-reason"
                minLength={10}
                required
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
          )}
          <button
            type="submit"
            className="secondary"
            disabled={busy || (sensitive && reason.trim().length < 10)}
          >
            Download the raw message
          </button>
        </form>
      )}
      <Problem error={error} />
    </section>
  );
}
