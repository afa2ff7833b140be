import type { ReviewCaseRefV1, ReviewReportV1 } from '@orgo/contracts';

import { barChart, escapeHtml, horizontalBars } from './svg-charts';

const PERIOD_NAMES = {
  day: 'Daily',
  week: 'Weekly',
  month: 'Monthly',
  quarter: 'Quarterly',
  year: 'Yearly',
} as const;

const date = (iso: string) => iso.slice(0, 10);

function caseList(title: string, cases: ReviewCaseRefV1[]): string {
  const rows = cases
    .slice(0, 50)
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.key)}</td><td>${escapeHtml(c.title ?? '(sensitive)')}</td><td>${escapeHtml(c.label)}</td><td>${escapeHtml(c.status)}</td><td>${escapeHtml(c.priority)}</td><td>${date(c.created_at)}</td></tr>`,
    )
    .join('');
  const more = cases.length > 50 ? `<p>… and ${cases.length - 50} more.</p>` : '';
  return `<section><h2>${escapeHtml(title)} (${cases.length})</h2>${cases.length ? `<table><thead><tr><th>Key</th><th>Title</th><th>Label</th><th>Status</th><th>Priority</th><th>Created</th></tr></thead><tbody>${rows}</tbody></table>${more}` : '<p>None.</p>'}</section>`;
}

/** The subject of a report mail, e.g. `[Review · week 2026-11-23] Northside School: 1 pattern, 12 new`. */
export function reviewSubject(report: ReviewReportV1, organizationName: string): string {
  const n = report.patterns.length;
  return `[Review · ${report.period.kind} ${date(report.period.start)}] ${organizationName}: ${n} pattern${n === 1 ? '' : 's'}, ${report.totals.new} new`;
}

/**
 * The report as one self-contained HTML document (inline style, inline SVG charts, no script, no
 * external resource): what the report mail carries and the dashboard shows in a sandboxed frame.
 */
export function renderReviewHtml(report: ReviewReportV1, options: { organizationName: string }): string {
  const { totals } = report;
  const labels = report.trend.map((b) => date(b.start).slice(5));
  const trend = barChart('Cases created and resolved', labels, [
    { name: 'created', color: '#3b6fb6', values: report.trend.map((b) => b.created) },
    { name: 'resolved', color: '#3c9a5f', values: report.trend.map((b) => b.resolved) },
    { name: 'escalated', color: '#c8553d', values: report.trend.map((b) => b.escalated) },
  ]);
  const patterns = report.patterns.length
    ? `<table><thead><tr><th>Cluster</th><th>Shared</th><th>Cases</th><th>Threshold</th><th>Crossed</th><th>Responsible</th></tr></thead><tbody>${report.patterns
        .map(
          (p) =>
            `<tr><td>${escapeHtml(p.cluster)}</td><td>${escapeHtml(p.shared.join(', '))}</td><td>${p.cases.map((c) => escapeHtml(c.key)).join(', ')}</td><td>${p.threshold.count} in ${escapeHtml(p.threshold.window)}</td><td>${date(p.crossed_at)}</td><td>${escapeHtml(p.responsible)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No pattern reached the threshold.</p>';
  const effectiveness = report.effectiveness.length
    ? `<section><h2>Effectiveness of earlier investigations</h2><table><thead><tr><th>Investigation</th><th>Cluster</th><th>Completed</th><th>Before (${report.effectiveness[0].window_days} d)</th><th>After</th><th>Verdict</th></tr></thead><tbody>${report.effectiveness
        .map(
          (e) =>
            `<tr><td>${escapeHtml(e.investigation.key)}</td><td>${escapeHtml(e.investigation.cluster)}</td><td>${date(e.investigation.completed_at)}</td><td>${e.before}</td><td>${e.after}</td><td>${escapeHtml(e.verdict ?? 'too early to tell')}</td></tr>`,
        )
        .join('')}</tbody></table></section>`
    : '';
  const rate = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)} %`);
  const title = `${PERIOD_NAMES[report.period.kind]} review · ${options.organizationName} · ${date(report.period.start)} – ${date(report.period.end)}`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left}.totals{display:flex;gap:12px;flex-wrap:wrap}.totals div{border:1px solid #ccc;border-radius:6px;padding:8px 12px}.totals b{display:block;font-size:1.4em}svg.chart{max-width:100%;height:auto;display:block;margin:8px 0}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>As of ${escapeHtml(report.as_of)} (${escapeHtml(report.period.timezone)}).</p>`,
    `<div class="totals">${(['new', 'resolved', 'unresolved', 'critical', 'escalated', 'stuck'] as const).map((k) => `<div><b>${totals[k]}</b>${k}</div>`).join('')}</div>`,
    `<p>Escalation rate ${rate(report.rates.escalation_rate)} · resolution rate ${rate(report.rates.resolution_rate)} · median time to resolve ${report.rates.median_hours_to_resolve ?? '–'} h</p>`,
    `<section><h2>Trend</h2>${trend}</section>`,
    `<section><h2>Where and who</h2>${horizontalBars('Locations', report.aggregates.location, '#7a5195')}${horizontalBars('Departments', report.aggregates.department, '#ef5675')}${horizontalBars('Types', report.aggregates.type, '#ffa600')}</section>`,
    `<section><h2>Patterns (${report.patterns.length})</h2>${patterns}</section>`,
    effectiveness,
    caseList('New cases', report.new_cases),
    caseList('Critical', report.critical),
    caseList('Stuck', report.stuck),
    caseList('Unresolved', report.unresolved),
    '</body></html>',
  ].join('\n');
}
