import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { ReviewCountV1, ReviewListResultV1, ReviewPeriodKind, ReviewRunV1 } from '@orgo/contracts';

import { download, post, query } from '../api/client';
import { isAdmin, useMe } from '../auth/use-me';
import { Placeholder, Problem } from '../components/problem';
import { useAction } from '../lib/use-action';
import { useApi } from '../lib/use-api';
import { useTitle } from '../lib/use-title';
import { OrganizationPicker, useOrganizationChoice } from './organization';

const PERIODS: ReviewPeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];
const day = (iso: string) => iso.slice(0, 10);
const OUTCOMES: Record<string, string> = {
  opened: 'investigation opened',
  proposed: 'investigation proposed (waits for a person to confirm)',
  reported: 'reported only',
  joined: 'new cases joined the open investigation',
  already_open: 'its investigation is open',
};

/** Review runs of an organization, newest period first, and (administrators) a run now. */
export function ReviewsView() {
  useTitle('Reviews');
  const [slug, setSlug, slugs] = useOrganizationChoice();
  const list = useApi<ReviewListResultV1>(
    slug ? `/api/v1/reviews${query({ organization: slug, page_size: 50 })}` : null,
  );
  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">Reviews</h1>
      <p className="hint">
        Periodic overviews of the cases: what came in, what is open, critical or stuck, and similar cases that
        keep coming back (patterns).
      </p>
      <OrganizationPicker value={slug} onChange={setSlug} slugs={slugs} />
      {slug && <RunNow organization={slug} />}
      <h2>Runs</h2>
      <Problem error={list.error} />
      {!list.data ? (
        !list.error && <Placeholder rows={4} />
      ) : list.data.items.length === 0 ? (
        <p>No review has run yet for this organization.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">New</th>
              <th scope="col">Unresolved</th>
              <th scope="col">Critical</th>
              <th scope="col">Patterns</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/reviews/${r.id}`}>
                    {r.period} from {day(r.period_start)}
                  </Link>
                </td>
                <td>{r.totals.new}</td>
                <td>{r.totals.unresolved}</td>
                <td>{r.totals.critical}</td>
                <td>{r.patterns}</td>
                <td>
                  {r.trigger === 'schedule' ? 'scheduled' : `by ${r.actor}`} ·{' '}
                  {new Date(r.created_at).toLocaleString()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Administrators: review the period that ended last (at or before a date) now. */
function RunNow({ organization }: { organization: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const [period, setPeriod] = useState<ReviewPeriodKind>('week');
  const [at, setAt] = useState('');
  const { run, busy, error } = useAction();
  if (!isAdmin(me)) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const done = await post<ReviewRunV1>('/api/v1/reviews/run', {
        organization,
        period,
        ...(at ? { at } : {}),
      });
      navigate(`/reviews/${done.id}`);
    });
  };
  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">Run a review now</h2>
      <form className="filters inline-forms" onSubmit={submit}>
        <div>
          <label htmlFor="review-period">Period</label>
          <select
            id="review-period"
            value={period}
            onChange={(e) => setPeriod(e.target.value as ReviewPeriodKind)}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="review-at">The period that ended last before (empty: now)</label>
          <input id="review-at" type="date" value={at} onChange={(e) => setAt(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          Run now
        </button>
      </form>
      <Problem error={error} />
    </section>
  );
}

/** Saves a file the API serves with the session's token (a link cannot carry it). */
function useSave(): [(url: string, name: string) => void, Error | undefined] {
  const { run, error } = useAction();
  const save = (url: string, name: string) =>
    void run(async () => {
      const blob = await download(url);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = name;
      link.click();
      URL.revokeObjectURL(link.href);
    });
  return [save, error];
}

function CountChart({ title, counts }: { title: string; counts: ReviewCountV1[] }) {
  if (counts.length === 0) return null;
  const top = counts.slice(0, 10);
  return (
    <section>
      <h3>{title}</h3>
      <div
        className="chart"
        role="img"
        aria-label={`${title}: ${top.map((c) => `${c.key} ${c.count}`).join(', ')}`}
      >
        <ResponsiveContainer width="100%" height={40 + 28 * top.length}>
          <BarChart data={top} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="key" width={170} />
            <Tooltip />
            <Bar dataKey="count" fill="#1f5fa8" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** One review run: its figures, charts, patterns with their investigations, and its report files. */
export function ReviewRunView() {
  const { id = '' } = useParams();
  const run = useApi<ReviewRunV1>(`/api/v1/reviews/${id}`);
  const [save, saveError] = useSave();
  useTitle(run.data ? `Review ${run.data.period} ${day(run.data.period_start)}` : 'Review');
  if (!run.data) return run.error ? <Problem error={run.error} /> : <Placeholder rows={8} />;
  const r = run.data;
  const { report } = r;
  const trend = report.trend.map((b) => ({ ...b, bucket: day(b.start).slice(5) }));
  const stem = `review-${r.organization}-${r.period}-${day(r.period_start)}`;
  return (
    <section aria-labelledby="review-title">
      <p>
        <Link to="/reviews">← Reviews</Link>
      </p>
      <h1 id="review-title">
        {r.period[0].toUpperCase() + r.period.slice(1)} review of {r.organization}, {day(r.period_start)} to{' '}
        {day(r.period_end)}
      </h1>
      <p className="hint">
        As of {new Date(report.as_of).toLocaleString()} ({report.period.timezone}) ·{' '}
        {r.trigger === 'schedule' ? 'scheduled' : `run by ${r.actor}`}
      </p>
      <p>
        <button type="button" onClick={() => save(`/api/v1/reviews/${r.id}/report.html`, `${stem}.html`)}>
          Download the report (HTML)
        </button>{' '}
        <button type="button" onClick={() => save(`/api/v1/reviews/${r.id}`, `${stem}.json`)}>
          Download the data (JSON)
        </button>
      </p>
      <Problem error={saveError} />
      <dl className="figures">
        {(Object.entries(report.totals) as [string, number][]).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd className="big-number">{value}</dd>
          </div>
        ))}
      </dl>
      <h2>Cases created, resolved and escalated</h2>
      <div
        className="chart"
        role="img"
        aria-label={`Per ${report.trend.length} parts of the period: ${trend.map((b) => `${b.bucket} ${b.created} created, ${b.resolved} resolved, ${b.escalated} escalated`).join('; ')}`}
      >
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={trend}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="created" fill="#1f5fa8" />
            <Bar dataKey="resolved" fill="#2e7d32" />
            <Bar dataKey="escalated" fill="#b3261e" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <h2>Patterns</h2>
      {report.patterns.length === 0 ? (
        <p>No similar cases reached the organization’s sensitivity.</p>
      ) : (
        report.patterns.map((p) => {
          const outcome = r.outcomes.find((o) => o.cluster === p.cluster);
          return (
            <article key={p.cluster} className="pattern">
              <h3>{p.cluster}</h3>
              <p>
                {p.cases.length} cases sharing {p.shared.join(', ')} ({p.threshold.count} in{' '}
                {p.threshold.window} reached {new Date(p.crossed_at).toLocaleDateString()}) · for{' '}
                {p.responsible} · {outcome ? OUTCOMES[outcome.outcome] : 'reported only'}
                {outcome?.investigation_id && (
                  <>
                    {' '}
                    · <Link to={`/tasks/${outcome.investigation_id}`}>the investigation</Link>
                  </>
                )}
              </p>
              <ul>
                {p.cases.map((c) => (
                  <li key={c.id}>
                    <Link to={`/tasks/${c.id}`}>{c.key}</Link> {c.title ?? '(sensitive)'} ·{' '}
                    {day(c.created_at)} · {c.status}
                  </li>
                ))}
              </ul>
            </article>
          );
        })
      )}
      <h2>Where the cases were</h2>
      <div className="columns">
        <CountChart title="By location" counts={report.aggregates.location} />
        <CountChart title="By equipment" counts={report.aggregates.equipment} />
        <CountChart title="By category" counts={report.aggregates.category} />
        <CountChart title="By position" counts={report.aggregates.position} />
      </div>
      {report.effectiveness.length > 0 && (
        <>
          <h2>Did earlier investigations help?</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Investigation</th>
                <th scope="col">Similar cases before</th>
                <th scope="col">After</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {report.effectiveness.map((e) => (
                <tr key={e.investigation.id}>
                  <td>
                    <Link to={`/tasks/${e.investigation.id}`}>{e.investigation.key}</Link>{' '}
                    {e.investigation.cluster}
                  </td>
                  <td>
                    {e.before} in {e.window_days} days
                  </td>
                  <td>{e.after}</td>
                  <td>{e.verdict ?? 'too early to tell'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
