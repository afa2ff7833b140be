/**
 * Whether a database error is a unique-key violation: PostgreSQL SQLSTATE 23505, SQLite
 * SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_PRIMARYKEY (TypeORM wraps both in a QueryFailedError
 * that keeps the driver's `code`).
 */
export function isUniqueViolation(error: unknown): boolean {
  const codes = [error, (error as { driverError?: unknown } | null)?.driverError]
    .map((e) => (e as { code?: unknown } | null)?.code)
    .filter((c): c is string => typeof c === 'string');
  return codes.some((c) => c === '23505' || c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
