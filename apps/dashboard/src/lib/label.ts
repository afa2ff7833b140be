// The product's own label language (libs/domain is pure TypeScript: no framework, no I/O), so the
// dashboard reads labels exactly as the services write them.
import {
  CATEGORY_NAMES as CATEGORIES,
  SUBCATEGORY_NAMES as SUBCATEGORIES,
  type Label,
  parseLabel as parseStrict,
} from '@orgo/domain';

export { CATEGORIES, SUBCATEGORIES };

const BROADCAST: Record<number, string> = {
  10: 'every executive (1–9)',
  100: 'every department head (11–99)',
  1000: 'every manager and team lead (101–999)',
  10000: 'all staff (1001–9999)',
};

/** The tier of a level, in words (SPEC §3). */
export function levelInWords(level: number): string {
  if (BROADCAST[level]) return `broadcast to ${BROADCAST[level]}`;
  if (level === 1) return 'head of the organization';
  if (level >= 2 && level <= 9) return 'executive';
  if (level >= 11 && level <= 99) return 'department head';
  if (level >= 101 && level <= 999) return 'manager or team lead';
  if (level >= 1001 && level <= 9999) return 'staff';
  return 'unknown tier';
}

export type LabelParts = Label;

/** `1001.81.Ops.Maintenance` → its parts; null when it is not a label. */
export function parseLabel(label: string): LabelParts | null {
  try {
    return parseStrict(label);
  } catch {
    return null;
  }
}

/** The label in words: "Level 1001 (staff) · 8 Technical and infrastructure · 1 Request · role Ops.Maintenance". */
export function explainLabel(label: string): { part: string; meaning: string }[] {
  const parts = parseLabel(label);
  if (!parts) return [{ part: label, meaning: 'not a label Orgo can read' }];
  return [
    { part: String(parts.level), meaning: `level ${parts.level}: ${levelInWords(parts.level)}` },
    {
      part: String(parts.category),
      meaning: `category ${parts.category}: ${CATEGORIES[parts.category] ?? 'unknown'}`,
    },
    {
      part: String(parts.subcategory),
      meaning: `subcategory ${parts.subcategory}: ${SUBCATEGORIES[parts.subcategory] ?? 'unknown'}`,
    },
    ...(parts.role
      ? [{ part: parts.role, meaning: `role ${parts.role}` }]
      : [{ part: '—', meaning: 'the whole tier, no role' }]),
  ];
}
