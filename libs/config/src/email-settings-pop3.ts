import type { Checker } from './checker';

/** Where the decision not to read POP3 mailboxes is recorded, with its evidence. */
export const POP3_DECISION = 'docs/adr/0014-pop3.md';

/**
 * `pop3` in the email settings: Orgo has no POP3 intake (no maintained Node.js POP3 client keeps a
 * message's bytes exact, speaks STLS and never hangs on a split reply; see POP3_DECISION). A `pop3`
 * key is a configuration error that says so and names the two ways to read such a mailbox instead,
 * rather than a setting that is accepted and then does nothing.
 */
export function refusePop3Settings(raw: unknown, check: Checker): void {
  if (raw === undefined) return;
  check.issue(
    'pop3',
    `no pop3 key: Orgo has no POP3 intake (${POP3_DECISION})`,
    raw,
    'read the same mailbox over IMAP (imap.mailboxes: servers that offer POP3 nearly always offer IMAP too), ' +
      'or let fetchmail (keep, uidl) deliver it into the drop folder <home>/inbox/<role address>/ ' +
      '(config/services/email/fetchmailrc.example)',
  );
}
