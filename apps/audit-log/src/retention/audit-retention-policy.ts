import { tryParseDuration } from '@orgo/domain';

import type { AuditSettings } from '../settings/audit-settings';

/** How long an entry lives, in milliseconds; null: indefinitely. */
export type RetentionOf = (category: string, organization: string | null) => number | null;

/**
 * Retention per category (SPEC §6, ADR 0007): the organization's profile `retention` applies to its
 * task, email and workflow entries; security entries live at least `security_retention` (2 years)
 * and as long as the profile says when it says longer ("indefinite" keeps them); system entries live
 * `system_retention` (1 year); entries of no organization, or of one no longer configured, live
 * `unowned_retention` (1 year; security ones at least `security_retention`).
 */
export function retentionPolicy(organizations: { slug: string; parameters: { retention: string } }[], settings: AuditSettings): RetentionOf {
  const profile = new Map<string, number | null>(
    organizations.map((o) => [o.slug, o.parameters.retention === 'indefinite' ? null : (tryParseDuration(o.parameters.retention) ?? null)]),
  );
  return (category, organization) => {
    if (category === 'system') return settings.systemRetentionMs;
    const own = organization !== null && profile.has(organization) ? (profile.get(organization) as number | null) : settings.unownedRetentionMs;
    if (category === 'security') return own === null ? null : Math.max(own, settings.securityRetentionMs);
    return own;
  };
}

/** The part of an entry retention looks at. */
export interface RetentionCandidate {
  seq: number;
  at: string;
  organization: string | null;
  erasedAt: string | null;
}

export interface RetentionCut {
  /** Entries up to this seq go for real (the chain's new anchor); null: none. */
  deleteThrough: number | null;
  /** Entries past retention that must stay as links (a kept entry comes before them): their content is erased. */
  erase: number[];
  /** Of the entries deleted, the ones whose content was not erased before (for the counts). */
  deleted: RetentionCandidate[];
  erased: RetentionCandidate[];
}

/**
 * Where retention cuts a category's chain (entries in seq order, oldest first): the longest run
 * from the anchor whose entries are all past their retention (or erased already) is deleted, and
 * the chain's anchor moves to its last entry; an entry past its retention behind one that must stay
 * (chains mix organizations) keeps only its links, its content erased.
 */
export function retentionCut(category: string, entries: RetentionCandidate[], now: Date, retentionOf: RetentionOf, anchorSeq: number): RetentionCut {
  const expired = (e: RetentionCandidate) => {
    const ms = retentionOf(category, e.organization);
    return ms !== null && Date.parse(e.at) < now.getTime() - ms;
  };
  const cut: RetentionCut = { deleteThrough: null, erase: [], deleted: [], erased: [] };
  let prefix = true;
  let next = anchorSeq + 1;
  for (const e of entries) {
    const gone = e.erasedAt !== null || expired(e);
    if (prefix && gone && e.seq === next) {
      cut.deleteThrough = e.seq;
      if (e.erasedAt === null) cut.deleted.push(e);
      next = e.seq + 1;
      continue;
    }
    prefix = false;
    if (e.erasedAt === null && expired(e)) {
      cut.erase.push(e.seq);
      cut.erased.push(e);
    }
  }
  return cut;
}

/** Counts per category and organization (`-` for none), as the `system.audit.retention` entry records them. */
export function retentionCounts(category: string, entries: RetentionCandidate[], into: Record<string, Record<string, number>>): void {
  for (const e of entries) {
    const byOrg = (into[category] ??= {});
    byOrg[e.organization ?? '-'] = (byOrg[e.organization ?? '-'] ?? 0) + 1;
  }
}
