/**
 * Times are stored as ISO-8601 UTC strings of fixed width (`2026-11-23T12:00:00.000Z`): they sort
 * and compare the same in SQLite and PostgreSQL and read back without driver-specific conversion.
 */
export function isoNow(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

export const ISO_TIME_COLUMN = { type: 'varchar', length: 24 } as const;
