import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { tempDir } from '@orgo/testing';

import { ensureDebianPackage } from './debian-package';
import { ROOT } from './standalone-process';

/** The example the operators copy (config/services/email/fetchmailrc.example), run as it is. */
export const FETCHMAILRC_EXAMPLE = path.join(ROOT, 'config', 'services', 'email', 'fetchmailrc.example');

export interface FetchmailMailbox {
  /** Role address (the example's maintenance@northside.example): login and drop folder. */
  address: string;
  password: string;
  host: string;
  port: number;
  /** PEM of the server's certificate authority; the server's certificate names `localhost`. */
  caFile: string;
  /** Orgo's home: the drop folders are `<home>/inbox/<role address>/`. */
  home: string;
}

export interface FetchmailRun {
  /** 0 mail taken, 1 no new mail, 2 connection or TLS failure, 3 login refused. */
  status: number | null;
  output: string;
}

/**
 * fetchmail (Debian's package, installed when missing) configured from the example file: only the
 * server, the role address, the paths and the local user differ. The password comes from a
 * `.netrc` in its own HOME, as the example advises; the UIDLs it took are kept between runs
 * (`forget` drops them, as a lost idfile would).
 */
export class Fetchmail {
  private readonly dir = tempDir('orgo-fetchmail-');

  constructor(private readonly mailbox: FetchmailMailbox) {
    ensureDebianPackage(
      'fetchmail',
      'The POP3 tests',
      () => spawnSync('sh', ['-c', 'command -v fetchmail']).status === 0,
    );
    fs.chmodSync(this.dir, 0o700);
    const { address, host, port, caFile, home } = mailbox;
    // Only the settings change (comment lines stay as they are).
    const setting = (line: string) =>
      line
        .replaceAll('/var/lib/orgo/fetchmail.ids', this.idFile)
        .replaceAll('/var/lib/orgo/inbox', path.join(home, 'inbox'))
        .replaceAll('maintenance@northside.example', address)
        .replace('poll pop.northside.example', `poll ${host}`)
        .replace('service 110', `service ${port}`)
        .replace('is "orgo" here', `is "${os.userInfo().username}" here`)
        .replace('sslcertck', `sslcertck sslcommonname "localhost" sslcertfile "${caFile}"`);
    const rc = fs
      .readFileSync(FETCHMAILRC_EXAMPLE, 'utf8')
      .split('\n')
      .map((line) => (line.startsWith('#') ? line : setting(line)))
      .join('\n');
    fs.writeFileSync(this.rcFile, rc, { mode: 0o600 });
    this.setPassword(mailbox.password);
  }

  get idFile(): string {
    return path.join(this.dir, 'fetchmail.ids');
  }

  private get rcFile(): string {
    return path.join(this.dir, 'fetchmailrc');
  }

  /** The password in `.netrc` (what an operator changes when the server's password changed). */
  setPassword(password: string): void {
    fs.writeFileSync(
      path.join(this.dir, '.netrc'),
      `machine ${this.mailbox.host} login ${this.mailbox.address} password ${password}\n`,
      { mode: 0o600 },
    );
  }

  /** Forgets the UIDLs taken so far (a lost idfile): the next run takes everything again. */
  forget(): void {
    fs.rmSync(this.idFile, { force: true });
  }

  /** One poll, as cron would run it. */
  run(): Promise<FetchmailRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        'fetchmail',
        ['-f', this.rcFile, '--nodetach', '--pidfile', path.join(this.dir, 'fetchmail.pid')],
        {
          env: { ...process.env, HOME: this.dir, FETCHMAILHOME: this.dir, LC_ALL: 'C' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.once('error', reject);
      child.once('exit', (status) => resolve({ status, output }));
    });
  }
}
