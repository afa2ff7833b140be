import { useState } from 'react';

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
  const id = task.source.email_id;
  if (!id) return null;
  const show = () => get<EmailView>(`/api/v1/emails/${id}`).then(setMail, setError);
  const mayRaw = !!me && (me.permissions.includes('raw_mail') || me.permissions.includes('privacy_officer'));
  const saveRaw = async () => {
    setError(undefined);
    try {
      const reason = mail?.sensitive
        ? window.prompt('Why is the raw message needed? (kept in the audit trail)')
        : null;
      if (mail?.sensitive && !reason) return;
      const blob = await download(
        `/api/v1/emails/${id}/raw${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`,
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${id}.eml`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (problem) {
      setError(problem as Error);
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
        <button type="button" className="secondary" onClick={() => void saveRaw()}>
          Download the raw message
        </button>
      )}
      <Problem error={error} />
    </section>
  );
}
