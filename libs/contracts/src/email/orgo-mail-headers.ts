/**
 * Headers Orgo stamps on every mail it sends, so that its own mail coming back (a forward, an
 * auto-reply loop) is recognized and never answered (SPEC §6 Mail hygiene). Persisted names: mail
 * already sent carries them.
 */
export const ORGO_MAIL_HEADERS = {
  /** RFC 3834: the mail was generated automatically; well-behaved responders do not answer it. */
  autoSubmitted: 'Auto-Submitted',
  /** Orgo's marker: the service that sent the mail (`notifier`). */
  origin: 'X-Orgo-Origin',
  /** The task key (`NS-1042`). */
  task: 'X-Orgo-Task',
  /** The task's label. */
  label: 'X-Orgo-Label',
} as const;

/** The value of `Auto-Submitted` on Orgo's mail. */
export const ORGO_AUTO_SUBMITTED = 'auto-generated';
