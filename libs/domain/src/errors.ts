/**
 * Errors that carry a stable code (`RULES.INVALID_CONDITION`, `TASK.ILLEGAL_TRANSITION`, …) so that
 * each transport maps them once: to an HTTP status in the API, to ack / dead-letter on the bus, to an
 * exit code in the `orgo` command. Messages are written for the person who has to fix the input.
 */
export class OrgoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'OrgoError';
  }
}

/**
 * One problem found while validating a file or a value: where it is (file, rule, key path),
 * what was expected and what was found.
 */
export interface ValidationIssue {
  /** The file the problem is in, relative to the configuration folder when known. */
  file?: string;
  /** The rule's name, for rule files. */
  rule?: string;
  /** Dotted key path inside the file or value, e.g. `positions[2].reports_to`. */
  path: string;
  /** What a valid value looks like, in words. */
  expected: string;
  /** What was found instead, as shown to the user. */
  found: string;
  /** Optional extra advice: what to do. */
  hint?: string;
}

/** Renders one issue as a single line a person can act on. */
export function formatIssue(issue: ValidationIssue): string {
  const where = [issue.file, issue.rule ? `rule '${issue.rule}'` : undefined, issue.path || undefined]
    .filter(Boolean)
    .join(': ');
  const hint = issue.hint ? ` (${issue.hint})` : '';
  return `${where}: expected ${issue.expected}, found ${issue.found}${hint}`;
}

/** Shows a found value briefly: strings quoted, objects as JSON, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A validation that found one or more issues. `code` says what was being validated. */
export class ValidationError extends OrgoError {
  constructor(
    code: string,
    readonly issues: ValidationIssue[],
    summary?: string,
  ) {
    super(
      code,
      `${summary ?? 'Invalid input'}:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
      { issues },
    );
    this.name = 'ValidationError';
  }
}
