import fs from 'node:fs';
import path from 'node:path';

import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/**
 * The file email transport: nodemailer builds the RFC 822 message and it is written as an `.eml`
 * file to `<home>/outbox/` (atomically: a temporary name, then a rename). Writing the same
 * notification again replaces its file, so a retried delivery never produces a second file.
 */
export class FileMailTransport {
  private readonly builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  async send(mail: Mail.Options, fileStem: string): Promise<string> {
    const info = await this.builder.sendMail(mail);
    const file = path.join(this.dir, `${fileStem}.eml`);
    const tmp = `${file}.tmp`;
    // Off the event loop: a batch's files are written while its other sends go on.
    await fs.promises.writeFile(tmp, info.message as Buffer);
    await fs.promises.rename(tmp, file);
    return file;
  }
}
