/** An SMTP reply that refuses a command, with its code and enhanced status in the text. */
export interface SmtpRefusal {
  responseCode: number;
  message: string;
}

/**
 * Who the SMTP intake takes mail for: the organizations' role addresses and nothing else, so it
 * never relays. Addresses compare case-insensitively.
 */
export class RecipientPolicy {
  private readonly accepted: Set<string>;

  constructor(addresses: readonly string[]) {
    this.accepted = new Set(addresses.map((a) => a.trim().toLowerCase()));
  }

  /** Null when the recipient is a role address, else the refusal to send. */
  check(recipient: string): SmtpRefusal | null {
    const address = recipient.trim().toLowerCase();
    if (this.accepted.has(address)) return null;
    return {
      responseCode: 550,
      message: `5.7.1 <${recipient}>: relay not permitted; this server accepts mail only for the organization's role addresses`,
    };
  }
}

/** The refusal of a message over the size limit (RFC 1870). */
export function oversizeRefusal(limit: number): SmtpRefusal {
  return { responseCode: 552, message: `5.3.4 message too big: the limit is ${limit} bytes` };
}
