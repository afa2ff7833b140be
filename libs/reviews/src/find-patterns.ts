import type { ReviewCaseRefV1, ReviewPatternV1 } from '@orgo/contracts';
import { parseDuration } from '@orgo/domain';

import type { ReviewCase } from './review-case';

export interface PatternOptions {
  count: number;
  window: string;
  asOf: string;
  responsibleOf: (c: ReviewCase) => string;
}

/** A case as a report lists it: never its reporter; a sensitive case without its title. */
export function caseRef(c: ReviewCase): ReviewCaseRefV1 {
  return {
    id: c.id,
    key: c.key,
    title: c.sensitive ? null : c.title,
    type: c.type,
    subtype: c.subtype,
    label: c.label,
    status: c.status,
    priority: c.priority,
    severity: c.severity,
    created_at: c.createdAt,
  };
}

const byCreated = (a: ReviewCase, b: ReviewCase) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Jaccard similarity of two sorted keyword sets, and the words they share. */
function jaccard(a: string[], b: string[]): { score: number; common: string[] } {
  const set = new Set(a);
  const common = b.filter((w) => set.has(w));
  const union = new Set([...a, ...b]).size;
  return { score: union ? common.length / union : 0, common };
}

/**
 * The first moment some window of length `windowMs` ending at or before the cases' last held
 * `count` of them: the created_at of the `count`-th case of the earliest such window.
 */
function crossedAt(cases: ReviewCase[], count: number, windowMs: number): string | null {
  const times = cases.map((c) => new Date(c.createdAt).getTime());
  for (let i = count - 1; i < times.length; i++)
    if (times[i] - times[i - count + 1] < windowMs) return cases[i].createdAt;
  return null;
}

/**
 * Patterns (SPEC §6, ADR 0011): similar cases — the same organization and type/subtype, sharing a
 * location or equipment anchor, or (cases with no anchor at all) keyword sets with Jaccard
 * similarity ≥ 0.5 and at least two common words — created in `[asOf − window, asOf)`, reaching
 * `count`. Deterministic: the same cases in any order give the same patterns, ordered by cluster.
 */
export function findPatterns(all: ReviewCase[], options: PatternOptions): ReviewPatternV1[] {
  const windowMs = parseDuration(options.window);
  const from = new Date(new Date(options.asOf).getTime() - windowMs).toISOString();
  const cases = all
    .filter(
      (c) => c.type !== 'investigation' && !c.mergedInto && c.createdAt >= from && c.createdAt < options.asOf,
    )
    .sort(byCreated);
  const groups = new Map<
    string,
    { type: string; subtype: string | null; shared: string[]; cases: ReviewCase[] }
  >();
  const add = (c: ReviewCase, anchor: string, shared: string[]) => {
    const cluster = `${c.type}/${c.subtype ?? '-'}/${anchor}`;
    const group = groups.get(cluster) ?? { type: c.type, subtype: c.subtype, shared, cases: [] };
    group.cases.push(c);
    groups.set(cluster, group);
  };
  const loose: ReviewCase[] = [];
  for (const c of cases) {
    for (const place of c.location) add(c, `location:${place}`, [`location:${place}`]);
    for (const thing of c.equipment) add(c, `equipment:${thing}`, [`equipment:${thing}`]);
    if (c.location.length === 0 && c.equipment.length === 0) loose.push(c);
  }
  // Keyword clusters: each loose case joins the first earlier seed of its type/subtype it resembles.
  const seeds: { seed: ReviewCase; common: string[]; members: ReviewCase[] }[] = [];
  for (const c of loose) {
    const match = seeds.find((s) => {
      if (s.seed.type !== c.type || s.seed.subtype !== c.subtype) return false;
      const { score, common } = jaccard(s.seed.keywords, c.keywords);
      return score >= 0.5 && common.length >= 2;
    });
    if (match) {
      match.members.push(c);
      match.common = match.common.filter((w) => c.keywords.includes(w));
    } else seeds.push({ seed: c, common: [...c.keywords], members: [c] });
  }
  for (const s of seeds) {
    if (s.members.length < options.count || s.common.length < 2) continue;
    const shared = s.common.slice(0, 6);
    for (const c of s.members) add(c, `keywords:${shared.join('+')}`, shared);
  }
  const crossing: (ReviewPatternV1 & { ids: Set<string> })[] = [];
  for (const [cluster, group] of groups) {
    if (group.cases.length < options.count) continue;
    const crossed = crossedAt(group.cases, options.count, windowMs);
    if (!crossed) continue;
    crossing.push({
      cluster,
      type: group.type,
      subtype: group.subtype,
      shared: group.shared,
      cases: group.cases.map(caseRef),
      threshold: { count: options.count, window: options.window },
      crossed_at: crossed,
      responsible: options.responsibleOf(group.cases[0]),
      ids: new Set(group.cases.map((c) => c.id)),
    });
  }
  return oneProblemOnePattern(crossing, options.count)
    .map(({ ids: _ids, ...pattern }) => pattern)
    .sort((a, b) => a.cluster.localeCompare(b.cluster));
}

/** Equipment is the most specific common ground, then location, then keywords. */
const ANCHOR_ORDER = ['equipment:', 'location:', 'keywords:'];
const anchorRank = (cluster: string) => ANCHOR_ORDER.findIndex((a) => cluster.split('/')[2]?.startsWith(a));

/**
 * The same cases found under two anchors are one problem (the dishwasher in the cafeteria): one
 * pattern, named by the most specific anchor, sharing both. Of two clusters where one holds the
 * other and adds fewer than `count` cases to it (the cafeteria is the dishwasher plus one leak), the
 * more specific stands for both; adding `count` or more, each is a pattern of its own.
 */
function oneProblemOnePattern<P extends ReviewPatternV1 & { ids: Set<string> }>(
  patterns: P[],
  count: number,
): P[] {
  const ordered = [...patterns].sort(
    (a, b) => anchorRank(a.cluster) - anchorRank(b.cluster) || a.cluster.localeCompare(b.cluster),
  );
  const kept: P[] = [];
  for (const p of ordered) {
    const within = (small: Set<string>, big: Set<string>) =>
      [...small].every((id) => big.has(id)) && big.size - small.size < count;
    const same = kept.find(
      (k) => k.type === p.type && k.subtype === p.subtype && (within(k.ids, p.ids) || within(p.ids, k.ids)),
    );
    if (!same) {
      kept.push(p);
      continue;
    }
    if (same.ids.size === p.ids.size)
      same.shared = [...same.shared, ...p.shared.filter((s) => !same.shared.includes(s))];
  }
  return kept;
}
