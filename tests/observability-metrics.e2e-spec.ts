import fs from 'node:fs';
import path from 'node:path';

import { load } from 'js-yaml';
import { register } from 'prom-client';

// The Grafana dashboard and the Prometheus alert rules of the Helm chart may only use series that an
// Orgo service really exports at /metrics. The check is real: every product module that creates a
// prom-client metric is loaded, and prom-client's default registry (the one /metrics renders) says
// what exists, with its type and labels. (In tests/, Jest runs `*.e2e-spec.ts` only: see jest.config.js.)

const ROOT = path.join(__dirname, '..');
const DASHBOARD = path.join(ROOT, 'helm', 'orgo', 'files', 'grafana-dashboard.json');
const ALERT_RULES = path.join(ROOT, 'helm', 'orgo', 'files', 'alert-rules.yaml');

/** Panels the operators need (issue "Operate it"); each must exist, by title. */
const REQUIRED_PANELS = [
  'Messages handled per service',
  'Messages consumed by routing key',
  'Emails received',
  'Emails parsed',
  'Tasks created',
  'Handler latency',
  'Timer lateness',
  'Outbox in flight',
  'Dead letters',
  'Handler failures',
  'Escalations',
  'Notification failures',
  'Notifications sent',
  'IMAP mailbox connected',
  'IMAP time since last sync',
  'Queue depth',
  'Queue consumers',
  'Oldest overdue timer',
  'Audit chain broken',
  'Redis / shared cache up',
  'Cache hit ratio',
];

/** Alerts the operators need; each must exist, by name. */
const REQUIRED_ALERTS = [
  'OrgoDeadLettersGrowing',
  'OrgoQueueBacklogGrowing',
  'OrgoMailboxNotFetching',
  'OrgoMailboxDisconnected',
  'OrgoTimersLate',
  'OrgoAuditChainBroken',
  'OrgoNotificationFailures',
];

/**
 * What the alerts and panels that watch a condition directly must select (no stand-in watching
 * something else), and the type and labels the service gives each of those metrics.
 */
const DIRECT_SIGNALS: {
  metric: string;
  type: Exported['type'];
  labels: string[];
  alert: string;
  panel: string;
}[] = [
  {
    metric: 'orgo_queue_messages',
    type: 'gauge',
    labels: ['queue'],
    alert: 'OrgoQueueBacklogGrowing',
    panel: 'Queue depth',
  },
  {
    metric: 'orgo_queue_consumers',
    type: 'gauge',
    labels: ['queue'],
    alert: 'OrgoQueueNotConsumed',
    panel: 'Queue consumers',
  },
  {
    metric: 'orgo_imap_last_sync_timestamp_seconds',
    type: 'gauge',
    labels: ['mailbox'],
    alert: 'OrgoMailboxNotFetching',
    panel: 'IMAP time since last sync',
  },
  {
    metric: 'orgo_imap_mailbox_connected',
    type: 'gauge',
    labels: ['mailbox'],
    alert: 'OrgoMailboxDisconnected',
    panel: 'IMAP mailbox connected',
  },
  {
    metric: 'orgo_timers_oldest_overdue_seconds',
    type: 'gauge',
    labels: ['kind'],
    alert: 'OrgoTimersLate',
    panel: 'Oldest overdue timer',
  },
  {
    metric: 'orgo_audit_chain_broken',
    type: 'gauge',
    labels: ['category'],
    alert: 'OrgoAuditChainBroken',
    panel: 'Audit chain broken',
  },
];

/** PromQL functions and aggregation operators: an identifier followed by `(` must be one of these. */
const FUNCTIONS = new Set([
  ...['sum', 'min', 'max', 'avg', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile'],
  ...['count_values', 'limitk', 'limit_ratio', 'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv'],
  ...['histogram_quantile', 'histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_fraction'],
  ...['abs', 'absent', 'absent_over_time', 'ceil', 'floor', 'round', 'clamp', 'clamp_min', 'clamp_max'],
  ...['changes', 'resets', 'label_replace', 'label_join', 'vector', 'scalar', 'time', 'timestamp', 'sort'],
  ...['sort_desc', 'sqrt', 'exp', 'ln', 'log2', 'log10', 'sgn', 'predict_linear', 'holt_winters'],
  ...[
    'avg_over_time',
    'min_over_time',
    'max_over_time',
    'sum_over_time',
    'count_over_time',
    'last_over_time',
  ],
  ...['quantile_over_time', 'stddev_over_time', 'stdvar_over_time', 'present_over_time', 'day_of_month'],
  ...['day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year', 'start', 'end'],
]);
/** Binary operators, modifiers and literals written as words. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'offset',
  'bool',
  'inf',
  'nan',
  'group_left',
  'group_right',
]);
/** Labels Prometheus adds to every scraped series (the target's), beside the metric's own. */
const TARGET_LABELS = ['job', 'instance'];

interface Exported {
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  labels: Set<string>;
}

interface Usage {
  /** Where the expression is: a panel's title and ref id, an alert's name. */
  where: string;
  expr: string;
}

/** Product sources under apps/ and libs/ (no tests, no build output, not the browser dashboard). */
function productSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist', 'migrations'].includes(entry.name)) files.push(...productSources(file));
    } else if (
      /\.ts$/.test(entry.name) &&
      !/\.(spec|int-spec|e2e-spec|test-worker|d)\.ts$/.test(entry.name)
    ) {
      files.push(file);
    }
  }
  return files;
}

/** The product files that create prom-client metrics, with the names their constructors give. */
function metricModules(): { file: string; names: string[] }[] {
  const sources = [
    ...productSources(path.join(ROOT, 'apps')),
    ...productSources(path.join(ROOT, 'libs')),
  ].filter((file) => !file.startsWith(path.join(ROOT, 'apps', 'dashboard') + path.sep));
  return sources.flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    if (!/from 'prom-client'/.test(text) || !/new (Counter|Gauge|Histogram|Summary)\s*[<(]/.test(text))
      return [];
    const names = [
      ...text.matchAll(/new (?:Counter|Gauge|Histogram|Summary)\s*(?:<[^>]*>)?\(\s*\{\s*name:\s*'([^']+)'/g),
    ];
    return [{ file, names: names.map((m) => m[1]) }];
  });
}

/** Loads every metric module and reads what the process's registry (the one /metrics renders) holds. */
function exportedMetrics(): Map<string, Exported> {
  for (const { file } of metricModules()) {
    // Loaded by path, as the orgo command loads services (a test never imports an app statically).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  }
  const exported = new Map<string, Exported>();
  // At run time each metric carries its type as prom-client writes it ('counter', …) and its label names.
  const metrics = register.getMetricsAsArray() as unknown as {
    name: string;
    type: string;
    labelNames?: string[];
  }[];
  for (const metric of metrics) {
    exported.set(metric.name, {
      type: metric.type as Exported['type'],
      labels: new Set(metric.labelNames ?? []),
    });
  }
  return exported;
}

/** Every series name the exported metrics put at /metrics, mapped to its metric. */
function seriesNames(exported: Map<string, Exported>): Map<string, { metric: string; labels: Set<string> }> {
  const series = new Map<string, { metric: string; labels: Set<string> }>();
  for (const [name, { type, labels }] of exported) {
    const withTarget = new Set([...labels, ...TARGET_LABELS]);
    if (type === 'histogram') {
      series.set(`${name}_bucket`, { metric: name, labels: new Set([...withTarget, 'le']) });
      series.set(`${name}_sum`, { metric: name, labels: withTarget });
      series.set(`${name}_count`, { metric: name, labels: withTarget });
    } else if (type === 'summary') {
      series.set(name, { metric: name, labels: new Set([...withTarget, 'quantile']) });
      series.set(`${name}_sum`, { metric: name, labels: withTarget });
      series.set(`${name}_count`, { metric: name, labels: withTarget });
    } else {
      series.set(name, { metric: name, labels: withTarget });
    }
  }
  return series;
}

interface ParsedExpr {
  /** Series selected, with the label names their `{…}` matchers use. */
  selectors: { series: string; labels: string[] }[];
  /** Label names of `by`, `without`, `on`, `ignoring`, `group_left`, `group_right` clauses. */
  groupingLabels: string[];
  /** Identifiers called like functions that PromQL does not have. */
  unknownFunctions: string[];
}

/** Takes a PromQL expression apart: the series it selects, the labels it matches and groups on. */
function parsePromQL(expr: string): ParsedExpr {
  let rest = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals (regexes, label values)
    .replace(/\$\{[^}]*\}|\$\w+/g, '1m') // Grafana variables ($__rate_interval, ${service})
    .replace(/\[[^\]]*\]/g, ' '); // range and subquery durations
  const groupingLabels: string[] = [];
  rest = rest.replace(
    /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g,
    (_all, _word, labels: string) => {
      groupingLabels.push(
        ...labels
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
      );
      return ' ';
    },
  );
  const selectors: ParsedExpr['selectors'] = [];
  rest = rest.replace(
    /([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g,
    (_all, series: string | undefined, matchers: string) => {
      const labels = [...matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]);
      const byName = labels.includes('__name__');
      if (series) selectors.push({ series, labels });
      else if (byName) selectors.push({ series: '{__name__=…}', labels }); // a name by regex: not checkable
      return ' ';
    },
  );
  const unknownFunctions: string[] = [];
  for (const m of rest.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    const [, word, call] = m;
    if (call) {
      // `a or (b)`: a binary operator before a parenthesis is no call.
      if (!FUNCTIONS.has(word) && !KEYWORDS.has(word)) unknownFunctions.push(word);
    } else if (!KEYWORDS.has(word) && !FUNCTIONS.has(word)) {
      selectors.push({ series: word, labels: [] });
    }
  }
  return { selectors, groupingLabels, unknownFunctions };
}

/** What is wrong with the expressions: series nobody exports, labels they do not have, unknown functions. */
function problems(usages: Usage[], series: Map<string, { metric: string; labels: Set<string> }>): string[] {
  const found: string[] = [];
  for (const { where, expr } of usages) {
    const parsed = parsePromQL(expr);
    for (const f of parsed.unknownFunctions) found.push(`${where}: '${f}(' is no PromQL function`);
    if (parsed.selectors.length === 0) found.push(`${where}: selects no Orgo series: ${expr}`);
    const known = parsed.selectors.map((s) => ({ ...s, exported: series.get(s.series) }));
    for (const s of known) {
      if (!s.exported) {
        found.push(`${where}: '${s.series}' is exported by no Orgo service`);
        continue;
      }
      for (const label of s.labels) {
        if (!s.exported.labels.has(label)) found.push(`${where}: '${s.series}' has no label '${label}'`);
      }
    }
    const anyLabels = new Set(known.flatMap((s) => [...(s.exported?.labels ?? [])]));
    for (const label of parsed.groupingLabels) {
      if (!anyLabels.has(label))
        found.push(`${where}: groups on '${label}', which no series of the expression has`);
    }
  }
  return found;
}

interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { refId?: string; expr?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; datasource?: { uid?: string } }[] };
}

interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

function dashboardUsages(dashboard: Dashboard): Usage[] {
  const usages: Usage[] = allPanels(dashboard.panels).flatMap((p) =>
    (p.targets ?? []).map((t) => ({
      where: `panel '${p.title}' ${t.refId ?? ''}`.trim(),
      expr: t.expr ?? '',
    })),
  );
  for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
    const query =
      typeof variable.query === 'string' ? variable.query : (variable.query as { query: string }).query;
    const labelValues = /^label_values\((.+),\s*(\w+)\)$/.exec(query.trim());
    // label_values(selector, label): the selector must exist and carry the label.
    usages.push({
      where: `variable '${variable.name}'`,
      expr: labelValues ? `count by (${labelValues[2]}) (${labelValues[1]})` : query,
    });
  }
  return usages;
}

function ruleUsages(rules: AlertRule[]): Usage[] {
  return rules.map((r) => ({ where: `alert '${r.alert ?? r.record}'`, expr: String(r.expr) }));
}

const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const ruleFile = load(fs.readFileSync(ALERT_RULES, 'utf8')) as {
  groups: { name: string; rules: AlertRule[] }[];
};
const rules = ruleFile.groups.flatMap((g) => g.rules);

describe('observability: the Grafana dashboard and the alert rules use only metrics Orgo exports', () => {
  let exported: Map<string, Exported>;
  let series: ReturnType<typeof seriesNames>;

  beforeAll(() => {
    exported = exportedMetrics();
    series = seriesNames(exported);
  });

  it('finds the product metrics in the registry /metrics renders, each one its module names', () => {
    const declared = metricModules().flatMap((m) => m.names);
    expect(declared.length).toBeGreaterThan(10);
    expect([...exported.keys()].sort()).toEqual([...new Set(declared)].sort());
    expect(exported.get('orgo_handler_duration_seconds')?.type).toBe('histogram');
    expect(exported.get('orgo_dead_letters_total')?.labels).toEqual(new Set(['service', 'queue']));
  });

  it('takes PromQL apart: series, matcher labels and grouping labels, not functions or keywords', () => {
    const parsed = parsePromQL(
      'histogram_quantile(0.95, sum by (service, le) (rate(orgo_x_bucket{service=~"$service", q="a{b}"}[$__rate_interval])))' +
        ' / on (service) group_left max without (kind) (orgo_y offset 5m) > bool 1e3 and orgo_z',
    );
    expect(parsed.selectors).toEqual([
      { series: 'orgo_x_bucket', labels: ['service', 'q'] },
      { series: 'orgo_y', labels: [] },
      { series: 'orgo_z', labels: [] },
    ]);
    expect(parsed.groupingLabels).toEqual(['service', 'le', 'service', 'kind']);
    expect(parsed.unknownFunctions).toEqual([]);
    expect(parsePromQL('orgo_a(orgo_b)').unknownFunctions).toEqual(['orgo_a']);
    const combined = parsePromQL('time() - max(orgo_a) > 9 or (orgo_b == 1 unless on (mailbox) orgo_c)');
    expect(combined.unknownFunctions).toEqual([]);
    expect(combined.selectors.map((s) => s.series)).toEqual(['orgo_a', 'orgo_b', 'orgo_c']);
    expect(combined.groupingLabels).toEqual(['mailbox']);
  });

  it('the dashboard is a Grafana dashboard on a ${datasource} Prometheus variable, with a service variable', () => {
    expect(dashboard.schemaVersion).toBe(39);
    const variables = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
    expect(variables.datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.service).toMatchObject({ type: 'query', datasource: { uid: '${datasource}' } });
    for (const panel of allPanels(dashboard.panels).filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({
        panel: panel.title,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
      expect({ panel: panel.title, targets: panel.targets?.length ?? 0 }).not.toEqual({
        panel: panel.title,
        targets: 0,
      });
    }
  });

  it('the dashboard has the panels operators need', () => {
    const titles = allPanels(dashboard.panels).map((p) => p.title);
    expect(REQUIRED_PANELS.filter((t) => !titles.includes(t))).toEqual([]);
  });

  it('every series of every dashboard panel and variable is exported by an Orgo service, with the labels used', () => {
    const usages = dashboardUsages(dashboard);
    expect(usages.length).toBeGreaterThan(REQUIRED_PANELS.length);
    expect(problems(usages, series)).toEqual([]);
  });

  it('the alert rules have the alerts operators need, each with for, severity, summary, description and runbook', () => {
    expect(ruleFile.groups.map((g) => g.name)).toContain('orgo');
    const names = rules.map((r) => r.alert);
    expect(REQUIRED_ALERTS.filter((a) => !names.includes(a))).toEqual([]);
    for (const rule of rules) {
      expect({ alert: rule.alert, for: typeof rule.for, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        for: 'string',
        severity: expect.stringMatching(/^(critical|warning|info)$/),
      });
      for (const field of ['summary', 'description', 'runbook']) {
        expect({ alert: rule.alert, field, text: typeof rule.annotations?.[field] }).toEqual({
          alert: rule.alert,
          field,
          text: 'string',
        });
      }
    }
  });

  it('every series of every alert rule is exported by an Orgo service, with the labels used', () => {
    expect(problems(ruleUsages(rules), series)).toEqual([]);
  });

  it('watches queue depth, mailbox syncs, overdue timers and audit chains with their own metrics, not stand-ins', () => {
    const selected = (expr: string) => parsePromQL(expr).selectors.map((s) => s.series);
    const panels = allPanels(dashboard.panels);
    for (const signal of DIRECT_SIGNALS) {
      expect({ metric: signal.metric, type: exported.get(signal.metric)?.type }).toEqual({
        metric: signal.metric,
        type: signal.type,
      });
      expect({ metric: signal.metric, labels: exported.get(signal.metric)?.labels }).toEqual({
        metric: signal.metric,
        labels: new Set(signal.labels),
      });
      const rule = rules.find((r) => r.alert === signal.alert);
      expect({ alert: signal.alert, selects: selected(rule?.expr ?? '') }).toEqual({
        alert: signal.alert,
        selects: expect.arrayContaining([signal.metric]),
      });
      const panel = panels.find((p) => p.title === signal.panel);
      expect({
        panel: signal.panel,
        selects: (panel?.targets ?? []).flatMap((t) => selected(t.expr ?? '')),
      }).toEqual({
        panel: signal.panel,
        selects: expect.arrayContaining([signal.metric]),
      });
    }
    // The texts say what is watched; none of them apologizes for a metric Orgo lacks.
    const texts = [
      ...rules.flatMap((r) => Object.values(r.annotations ?? {})),
      ...panels.map((p) => (p as Panel & { description?: string }).description ?? ''),
    ];
    expect(texts.filter((t) => /exports no|stand-in|is not detected/i.test(t))).toEqual([]);
  });

  it('fails a copy of the dashboard and rules that use a metric nobody exports, or a label a metric lacks', () => {
    const copy = structuredClone(dashboard);
    copy.panels.push({
      type: 'timeseries',
      title: 'Queue depth',
      datasource: { type: 'prometheus', uid: '${datasource}' },
      targets: [{ refId: 'A', expr: 'sum by (queue) (orgo_queue_depth{service=~"$service"})' }],
    });
    expect(problems(dashboardUsages(copy), series)).toEqual([
      "panel 'Queue depth' A: 'orgo_queue_depth' is exported by no Orgo service",
      "panel 'Queue depth' A: groups on 'queue', which no series of the expression has",
    ]);
    const bogusRules: AlertRule[] = [
      { alert: 'Up', expr: 'up == 0' },
      {
        alert: 'Late',
        expr: 'histogram_quantile(0.9, sum by (le) (rate(orgo_timer_lateness_seconds_bucket{mailbox="x"}[5m])))',
      },
      { alert: 'Grouped', expr: 'sum by (service) (increase(orgo_notification_failures_total[15m])) > 0' },
      { alert: 'Depth', expr: 'max by (queue) (orgo_queue_messages{service="parser"}) > 100' },
      { alert: 'Synced', expr: 'time() - max by (mailbox) (orgo_imap_last_fetch_timestamp_seconds) > 900' },
      { alert: 'Overdue', expr: 'max by (queue) (orgo_timers_oldest_overdue_seconds) > 60' },
    ];
    expect(problems(ruleUsages(bogusRules), series)).toEqual([
      "alert 'Up': 'up' is exported by no Orgo service",
      "alert 'Late': 'orgo_timer_lateness_seconds_bucket' has no label 'mailbox'",
      "alert 'Grouped': groups on 'service', which no series of the expression has",
      "alert 'Depth': 'orgo_queue_messages' has no label 'service'",
      "alert 'Synced': 'orgo_imap_last_fetch_timestamp_seconds' is exported by no Orgo service",
      "alert 'Synced': groups on 'mailbox', which no series of the expression has",
      "alert 'Overdue': groups on 'queue', which no series of the expression has",
    ]);
  });
});
