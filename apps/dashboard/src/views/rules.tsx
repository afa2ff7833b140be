import { type FormEvent, useState } from 'react';

import { post, query } from '../api/client';
import { Placeholder, Problem } from '../components/problem';
import { useApi } from '../lib/use-api';
import { OrganizationPicker, useOrganizationChoice } from './organization';
import { useTitle } from '../lib/use-title';

interface Rule {
  name: string;
  file: string;
  layer: string;
  on: string;
  priority: number;
  stop: boolean;
  condition: string;
  action: Record<string, unknown>;
}

/** The effective rules with their file and layer, and a dry run of `POST /rules/test` on a pasted or uploaded mail. */
export function RulesView() {
  useTitle('Rules');
  const [slug, setSlug, slugs] = useOrganizationChoice();
  const rules = useApi<{ rule_set_hash: string; rules: Rule[]; defaults: Record<string, unknown> }>(
    slug ? `/api/v1/rules${query({ org: slug })}` : null,
  );
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">Rules</h1>
      <OrganizationPicker value={slug} onChange={setSlug} slugs={slugs} />
      {slug && <RuleTest organization={slug} />}
      <h2>Effective rules, in the order they are tried</h2>
      <Problem error={rules.error} />
      {!rules.data ? (
        !rules.error && <Placeholder rows={5} />
      ) : (
        <>
          <p className="hint">
            Rule set <code>{rules.data.rule_set_hash.slice(0, 12)}</code> · defaults{' '}
            <code>{JSON.stringify(rules.data.defaults)}</code>
          </p>
          <table className="rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Layer and file</th>
                <th scope="col">When</th>
                <th scope="col">Then</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.rules.map((r) => (
                <tr key={`${r.file}:${r.name}`}>
                  <td>
                    <strong>{r.name}</strong>
                    {r.stop ? <span className="hint"> · stops</span> : null}
                  </td>
                  <td>
                    {r.layer}
                    <br />
                    <code>{r.file}</code>
                  </td>
                  <td>
                    <code>{r.condition}</code>
                  </td>
                  <td>
                    <code>{JSON.stringify(r.action)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function RuleTest({ organization }: { organization: string }) {
  const [raw, setRaw] = useState('');
  const [mailbox, setMailbox] = useState('');
  const [result, setResult] = useState<unknown>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [rawBase64, setRawBase64] = useState<string>();
  /** An uploaded .eml goes as its bytes (8-bit mail survives); the text area shows it as text. */
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    setRawBase64(btoa(binary));
    setRaw(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  };
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(
        await post('/api/v1/rules/test', {
          organization,
          ...(rawBase64 ? { raw_base64: rawBase64 } : { raw }),
          ...(mailbox.trim() ? { mailbox: mailbox.trim() } : {}),
        }),
      );
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={run} className="rule-test" aria-labelledby="rule-test-title">
      <h2 id="rule-test-title">Test a mail against the rules</h2>
      <p className="hint">A dry run: nothing is stored, nobody is notified.</p>
      <label htmlFor="rule-test-raw">The mail, as its source (headers and body)</label>
      <textarea
        id="rule-test-raw"
        rows={8}
        value={raw}
        onChange={(e) => {
          setRaw(e.target.value);
          setRawBase64(undefined);
        }}
        placeholder={'From: someone@example.org\nTo: maintenance@…\nSubject: …\n\nBody'}
      />
      <div className="inline-forms">
        <label>
          Or upload an .eml file
          <input
            type="file"
            accept=".eml,message/rfc822"
            onChange={(e) => void upload(e.target.files?.[0])}
          />
        </label>
        <label>
          Arrives on (optional role address)
          <input value={mailbox} onChange={(e) => setMailbox(e.target.value)} />
        </label>
      </div>
      <button type="submit" disabled={busy || !raw.trim()}>
        Run the dry run
      </button>
      <Problem error={error} />
      {result !== undefined && (
        <section aria-live="polite" className="dry-run">
          <h3>Decision</h3>
          <DryRun result={result as Record<string, unknown>} />
        </section>
      )}
    </form>
  );
}

interface DryRunResult {
  outcome: string;
  matched: string[];
  reply: unknown;
  task?: {
    label: string;
    position: string;
    position_title?: string;
    holders: string[];
    priority: string;
    type: string;
    subtype: string | null;
    escalation_chain: string[];
    reactivity?: { duration: string; source: string } | null;
    visibility: string;
    sensitive: boolean;
    via: string;
    problem: string | null;
  };
  rules: { rule: string; file: string; matched: boolean; reason: string }[];
}

/** The decision in words, then each rule with why it matched or not. */
function DryRun({ result }: { result: Record<string, unknown> }) {
  const r = result as unknown as DryRunResult;
  return (
    <>
      <p>
        Outcome: <strong>{r.outcome}</strong>
        {r.matched?.length ? <> by {r.matched.join(', ')}</> : <> (no rule matched)</>}
      </p>
      {r.task && (
        <dl className="fields">
          <dt>Label</dt>
          <dd>
            <code>{r.task.label}</code>
          </dd>
          <dt>Goes to</dt>
          <dd>
            {r.task.position}
            {r.task.position_title ? ` (${r.task.position_title})` : ''} ·{' '}
            {r.task.holders.join(', ') || 'nobody holds it'} · via {r.task.via}
          </dd>
          <dt>Type and priority</dt>
          <dd>
            {r.task.type}
            {r.task.subtype ? ` / ${r.task.subtype}` : ''} · {r.task.priority}
          </dd>
          <dt>Escalation</dt>
          <dd>
            {r.task.escalation_chain.join(' → ')}
            {r.task.reactivity ? ` · every ${r.task.reactivity.duration} (${r.task.reactivity.source})` : ''}
          </dd>
          <dt>Privacy</dt>
          <dd>
            {r.task.visibility}
            {r.task.sensitive ? ' · sensitive: the reporter becomes a pseudonym' : ''}
          </dd>
          {r.task.problem && (
            <>
              <dt>Problem</dt>
              <dd>{r.task.problem}</dd>
            </>
          )}
        </dl>
      )}
      <h4>Each rule</h4>
      <ol className="rule-trace">
        {(r.rules ?? []).map((rule) => (
          <li key={`${rule.file}:${rule.rule}`} className={rule.matched ? 'matched' : ''}>
            <strong>{rule.rule}</strong> <code>{rule.file}</code>: {rule.reason}
          </li>
        ))}
      </ol>
    </>
  );
}
