import { ValidationError, type ValidationIssue, describeValue } from './errors';
import { ROLE_SEGMENT, isBroadcastLevel, isPositionLevel, tierIndex } from './label';

export interface PositionRef {
  id: string;
  level: number;
  role: string | null;
}

const CYCLE_HINT = 'let one of these positions report to a higher one, or remove its reports_to to derive it';

export type EscalationGranularity = 'detailed' | 'moderate' | 'accelerated' | 'broad';
export const ESCALATION_GRANULARITIES: EscalationGranularity[] = ['detailed', 'moderate', 'accelerated', 'broad'];

/** Problems with a position id (`1001.Ops.Maintenance`, `11.Ops`, `1`), or none. */
export function positionIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.trim() === '') return "a position id like '1001.Ops.Maintenance', '11.Ops' or '1'";
  const [levelText, ...role] = id.split('.');
  if (!/^\d{1,4}$/.test(levelText) || !isPositionLevel(Number(levelText))) {
    return isBroadcastLevel(Number(levelText))
      ? 'a position level, not a broadcast level (10, 100, 1000, 10000 address a whole tier)'
      : 'a level 1–9, 11–99, 101–999 or 1001–9999 before the role';
  }
  if (role.some((s) => !ROLE_SEGMENT.test(s))) return 'role segments that start with a letter (letters, digits, _ or -)';
  return null;
}

export function parsePositionId(id: string): PositionRef {
  const problem = positionIdProblem(id);
  if (problem) {
    throw new ValidationError('POSITION.INVALID', [{ path: 'id', expected: problem, found: describeValue(id) }], `Position ${describeValue(id)} is invalid`);
  }
  const [levelText, ...role] = id.split('.');
  return { id, level: Number(levelText), role: role.length ? role.join('.') : null };
}

/** How many leading dot segments of `prefix` equal those of `role` when prefix is a whole-segment prefix; -1 otherwise. */
function prefixLength(prefix: string | null, role: string | null): number {
  if (!prefix) return 0;
  if (!role) return -1;
  const a = prefix.split('.');
  const b = role.split('.');
  if (a.length > b.length) return -1;
  return a.every((s, i) => s === b[i]) ? a.length : -1;
}

/**
 * Whom each position reports to (SPEC §3): the explicit `reports_to`, else derived — among the
 * positions of strictly higher tiers whose role is a whole-segment prefix of this one's (or equal),
 * the longest prefix, then the nearest tier, then the largest level; when no role shares a segment,
 * position `1`, else the highest executive; null at the top.
 */
export function resolveReportsTo(positions: { id: string; reportsTo?: string }[], file?: string): Map<string, string | null> {
  const issues: ValidationIssue[] = [];
  const refs = new Map<string, PositionRef>();
  positions.forEach((p, i) => {
    const problem = positionIdProblem(p.id);
    if (problem) issues.push({ file, path: `positions[${i}].id`, expected: problem, found: describeValue(p.id) });
    else refs.set(p.id, parsePositionId(p.id));
  });
  const result = new Map<string, string | null>();
  positions.forEach((p, i) => {
    const self = refs.get(p.id);
    if (!self) return;
    if (p.reportsTo !== undefined) {
      if (!refs.has(p.reportsTo)) {
        const hint = `add a position '${p.reportsTo}', name an existing one, or remove reports_to to derive it`;
        issues.push({ file, path: `positions[${i}].reports_to`, expected: 'the id of a position of this organization', found: describeValue(p.reportsTo), hint });
      } else if (p.reportsTo === p.id) {
        issues.push({ file, path: `positions[${i}].reports_to`, expected: 'another position', found: describeValue(p.reportsTo), hint: 'a position cannot report to itself' });
      } else {
        result.set(p.id, p.reportsTo);
      }
      return;
    }
    result.set(p.id, deriveReportsTo(self, [...refs.values()]));
  });
  // Cycles through explicit reports_to.
  const reported = new Set<string>();
  for (const start of result.keys()) {
    const seen: string[] = [];
    let current: string | null | undefined = start;
    while (current && !seen.includes(current)) {
      seen.push(current);
      current = result.get(current);
    }
    if (current && seen.includes(current)) {
      const cycle = seen.slice(seen.indexOf(current));
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        const index = positions.findIndex((p) => p.id === current);
        issues.push({ file, path: `positions[${index}].reports_to`, expected: 'a chain that ends at the top', found: `the cycle ${[...cycle, current].join(' → ')}`, hint: CYCLE_HINT });
      }
    }
  }
  if (issues.length) throw new ValidationError('ORGANIZATION.INVALID', issues, 'The positions do not form a hierarchy');
  return result;
}

function deriveReportsTo(self: PositionRef, all: PositionRef[]): string | null {
  const tier = tierIndex(self.level);
  let best: { ref: PositionRef; prefix: number } | null = null;
  for (const candidate of all) {
    if (candidate.id === self.id || tierIndex(candidate.level) >= tier) continue;
    const prefix = prefixLength(candidate.role, self.role);
    if (prefix <= 0) continue;
    if (
      !best ||
      prefix > best.prefix ||
      (prefix === best.prefix && tierIndex(candidate.level) > tierIndex(best.ref.level)) ||
      (prefix === best.prefix && tierIndex(candidate.level) === tierIndex(best.ref.level) && candidate.level > best.ref.level)
    ) {
      best = { ref: candidate, prefix };
    }
  }
  if (best) return best.ref.id;
  if (self.id === '1') return null;
  if (all.some((p) => p.id === '1')) return '1';
  const executives = all.filter((p) => p.id !== self.id && tierIndex(p.level) === 1 && tierIndex(p.level) < tier).sort((a, b) => a.level - b.level);
  return executives[0]?.id ?? null;
}

/** The position, then each `reports_to` upward to the top. */
export function escalationChain(positionId: string, reportsTo: Map<string, string | null>): string[] {
  const chain: string[] = [];
  let current: string | null | undefined = positionId;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = reportsTo.get(current);
  }
  return chain;
}

/** The steps a task walks up its chain, per the profile's granularity (SPEC §6). */
export function escalationSteps(chain: string[], granularity: EscalationGranularity): string[] {
  if (chain.length <= 1) return [...chain];
  const top = chain[chain.length - 1];
  const level = (id: string) => Number(id.split('.')[0]);
  switch (granularity) {
    case 'detailed':
      return [...chain];
    case 'moderate': {
      const steps = [chain[0], ...chain.slice(1, -1).filter((id) => level(id) >= 11)];
      return [...steps, top];
    }
    case 'accelerated': {
      const steps = chain.filter((_, i) => i % 2 === 0);
      return steps[steps.length - 1] === top ? steps : [...steps, top];
    }
    case 'broad':
      return [chain[0], top];
  }
}
