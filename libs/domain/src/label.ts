import { ValidationError, describeValue } from './errors';

/** `<level>.<category><subcategory>[.<Role.Path>]` (SPEC §3). */
export interface Label {
  level: number;
  category: number;
  subcategory: number;
  role: string | null;
}

export type Tier = 'executive' | 'department' | 'manager' | 'staff';

/** Broadcast levels address a whole tier: 10 (1–9), 100 (11–99), 1000 (101–999), 10000 (1001–9999). */
export const BROADCAST_LEVELS = [10, 100, 1000, 10000] as const;

export const CATEGORY_NAMES: Record<number, string> = {
  1: 'Operational',
  2: 'Strategic',
  3: 'Compliance and reporting',
  4: 'Customer or client',
  5: 'Training and development',
  6: 'Communication and coordination',
  7: 'Financial',
  8: 'Technical and infrastructure',
  9: 'Crisis and emergency',
};

export const SUBCATEGORY_NAMES: Record<number, string> = {
  1: 'Request',
  2: 'Update',
  3: 'Decision',
  4: 'Report',
  5: 'Distribution',
};

export const ROLE_SEGMENT = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function isBroadcastLevel(level: number): boolean {
  return (BROADCAST_LEVELS as readonly number[]).includes(level);
}

/** A level a position can have: 1–9, 11–99, 101–999, 1001–9999. */
export function isPositionLevel(level: number): boolean {
  return Number.isInteger(level) && level >= 1 && level <= 9999 && !isBroadcastLevel(level);
}

/** 1 = executive (1–9, 10), 2 = department (11–99, 100), 3 = manager (101–999, 1000), 4 = staff (1001–9999, 10000). */
export function tierIndex(level: number): 1 | 2 | 3 | 4 {
  if (level <= 10) return 1;
  if (level <= 100) return 2;
  if (level <= 1000) return 3;
  return 4;
}

export function tierOf(level: number): Tier {
  return (['executive', 'department', 'manager', 'staff'] as const)[tierIndex(level) - 1];
}

/** Requests and reports go up, updates sideways, decisions and distributions down. */
export function flowOf(subcategory: number): 'up' | 'sideways' | 'down' {
  if (subcategory === 1 || subcategory === 4) return 'up';
  if (subcategory === 2) return 'sideways';
  return 'down';
}

/** Parses a label strictly; the error names the bad part. */
export function parseLabel(text: string): Label {
  const fail = (path: string, expected: string, found: unknown): never => {
    throw new ValidationError('LABEL.INVALID', [{ path, expected, found: describeValue(found) }], `Label ${describeValue(text)} is invalid`);
  };
  if (typeof text !== 'string' || text.trim() === '') fail('label', "a label like '1001.81.Ops.Maintenance'", text);
  const parts = text.trim().split('.');
  if (parts.length < 2) fail('label', "'<level>.<category><subcategory>[.<Role.Path>]'", text);
  const [levelText, codeText, ...role] = parts;
  if (!/^\d{1,5}$/.test(levelText)) fail('level', 'a number (1–9, 11–99, 101–999, 1001–9999, or 10/100/1000/10000)', levelText);
  const level = Number(levelText);
  if (!isPositionLevel(level) && !isBroadcastLevel(level)) {
    fail('level', 'a level 1–9, 11–99, 101–999, 1001–9999 or a broadcast level 10, 100, 1000, 10000', levelText);
  }
  if (!/^\d{2}$/.test(codeText)) fail('category', 'two digits: category 1–9 then subcategory 1–5', codeText);
  const category = Number(codeText[0]);
  const subcategory = Number(codeText[1]);
  if (category < 1) fail('category', 'a category 1–9', codeText[0]);
  if (subcategory < 1 || subcategory > 5) fail('subcategory', 'a subcategory 1–5', codeText[1]);
  role.forEach((segment, i) => {
    if (!ROLE_SEGMENT.test(segment)) fail(`role[${i}]`, 'a role segment starting with a letter (letters, digits, _ or -)', segment);
  });
  return { level, category, subcategory, role: role.length ? role.join('.') : null };
}

export function formatLabel(label: Label): string {
  return `${label.level}.${label.category}${label.subcategory}${label.role ? `.${label.role}` : ''}`;
}

/** The label of a task assigned to a position (SPEC §4). */
export function labelFor(position: { level: number; role: string | null }, category: number, subcategory: number): string {
  return formatLabel({ level: position.level, category, subcategory, role: position.role });
}
