import fs from 'node:fs';
import path from 'node:path';

import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** Deterministic: the same notification always gets the same file. */
  id: string;
  from: string;
  to: string[];
  replyTo: string | null;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/**
 * The standalone email transport: nodemailer builds the RFC 822 message and it is written as an
 * `.eml` file to `<home>/outbox/` (atomically: a temporary name, then a rename). Writing the same
 * notification again replaces its file, so a redelivered event never produces a second mail.
 */
export class FileMailTransport {
  private readonly builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  async send(mail: OutgoingMail, fileStem: string): Promise<string> {
    const info = await this.builder.sendMail({
      from: mail.from,
      to: mail.to,
      replyTo: mail.replyTo ?? undefined,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      headers: mail.headers,
    });
    const file = path.join(this.dir, `${fileStem}.eml`);
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, info.message as Buffer);
    fs.renameSync(tmp, file);
    return file;
  }
}
