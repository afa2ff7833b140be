import { useState } from 'react';

import type { Organization, Position } from '../api/types';
import { useMe } from '../auth/use-me';
import { Placeholder, Problem } from '../components/problem';
import { levelInWords } from '../lib/label';
import { useApi } from '../lib/use-api';
import { useTitle } from '../lib/use-title';

/** The organizations the caller may see: the first of their scope, or a choice (administrators see all). */
export function useOrganizationChoice(): [string | undefined, (slug: string) => void, string[]] {
  const me = useMe();
  const list = useApi<{ items: { slug: string; name: string }[] }>('/api/v1/organizations');
  const slugs = me?.scope ?? list.data?.items.map((o) => o.slug) ?? [];
  const [chosen, setChosen] = useState<string>();
  return [chosen ?? slugs[0], setChosen, slugs];
}

export function OrganizationPicker({
  value,
  onChange,
  slugs,
}: {
  value: string | undefined;
  onChange: (s: string) => void;
  slugs: string[];
}) {
  if (slugs.length <= 1) return null;
  return (
    <label className="picker">
      Organization
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {slugs.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The positions as a tree: each under the position it reports to. */
function PositionTree({ positions, parent }: { positions: Position[]; parent: string | null }) {
  const children = positions.filter((p) => p.reports_to === parent);
  if (children.length === 0) return null;
  return (
    <ul className="tree">
      {children.map((p) => (
        <li key={p.id}>
          <strong>{p.id}</strong> {p.title} <span className="hint">({levelInWords(p.level)})</span>
          <br />
          <span className="holders">{p.holders.length ? p.holders.join(', ') : 'nobody holds it'}</span>
          {p.reports_to_source === 'explicit' && (
            <span className="hint"> · reports to {p.reports_to} (set in the file)</span>
          )}
          <PositionTree positions={positions} parent={p.id} />
        </li>
      ))}
    </ul>
  );
}

/** The organization as Orgo understands it: positions, chains, roles, profile parameters with their source, calendars. */
export function OrganizationView() {
  useTitle('Organization');
  const [slug, setSlug, slugs] = useOrganizationChoice();
  const org = useApi<Organization>(slug ? `/api/v1/organizations/${encodeURIComponent(slug)}` : null);
  const o = org.data;
  return (
    <section aria-labelledby="org-title">
      <h1 id="org-title">Organization{o ? `: ${o.name}` : ''}</h1>
      <OrganizationPicker value={slug} onChange={setSlug} slugs={slugs} />
      <Problem error={org.error} />
      {!o ? (
        !org.error && <Placeholder rows={8} />
      ) : (
        <>
          <p>
            {o.type} · time zone {o.timezone} · profile <strong>{o.profile}</strong> · triage{' '}
            {o.triage ?? '—'}
          </p>
          <div className="columns">
            <section aria-labelledby="positions-title">
              <h2 id="positions-title">Positions</h2>
              <PositionTree positions={o.positions} parent={null} />
            </section>
            <section aria-labelledby="params-title">
              <h2 id="params-title">Profile parameters</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Parameter</th>
                    <th scope="col">Value</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(o.parameters).map(([name, p]) => (
                    <tr key={name}>
                      <td>{name.replace(/_/g, ' ')}</td>
                      <td>
                        <code>{typeof p.value === 'string' ? p.value : JSON.stringify(p.value)}</code>
                      </td>
                      <td>{p.source}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>Roles</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Role</th>
                    <th scope="col">Addresses</th>
                    <th scope="col">New tasks go to</th>
                  </tr>
                </thead>
                <tbody>
                  {o.roles.map((r) => (
                    <tr key={r.id}>
                      <td>{r.id}</td>
                      <td>{r.addresses.join(', ')}</td>
                      <td>{r.entry}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
          <h2>Escalation chains</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Position</th>
                <th scope="col">Chain</th>
                <th scope="col">Calendar</th>
              </tr>
            </thead>
            <tbody>
              {o.positions.map((p) => (
                <tr key={p.id}>
                  <td>{p.id}</td>
                  <td>{p.chain.join(' → ')}</td>
                  <td>{p.calendar_source ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {o.calendar && (
            <>
              <h2>Business calendars</h2>
              <pre className="json">{JSON.stringify(o.calendar, null, 2)}</pre>
            </>
          )}
        </>
      )}
    </section>
  );
}
