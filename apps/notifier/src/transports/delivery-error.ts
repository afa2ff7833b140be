/**
 * A delivery attempt that failed. `permanent` when the other side refused for good (an SMTP 5xx
 * reply, a webhook 4xx): with `retry.permanent_failures: fail_fast` (the default) such a failure is
 * final at once; anything else (a 4xx reply, a lost connection, a timeout) is retried.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A nodemailer failure as a DeliveryError: the SMTP reply code decides whether it is permanent. */
export function smtpDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const what = e.response ?? e.message ?? String(error);
  const message = code !== null ? `the SMTP server refused the mail: ${what}` : `the SMTP server could not be reached or failed (${e.code ?? 'error'}): ${what}`;
  return new DeliveryError(message.replace(/\s+/g, ' ').trim(), code !== null && code >= 500 && code < 600);
}
