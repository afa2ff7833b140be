import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { type DovecotUser, ensureDovecot, freePort, tempDir } from '@orgo/testing';

import { ensureDebianPackage } from './debian-package';

const POP3_BINARIES = ['/usr/lib/dovecot/pop3', '/usr/libexec/dovecot/pop3'];

/**
 * A private Dovecot serving POP3 only (Debian's `dovecot-pop3d`, installed when missing): its own
 * configuration, state and maildirs under a temporary directory, on free loopback ports — plain
 * POP3 offering STLS, and POP3 over TLS (995 style) — with a self-signed certificate for
 * `localhost` and passwd-file users. Mail is delivered by writing into the maildir, as an MTA's
 * local delivery does. The IMAP suites' Dovecot (@orgo/testing) is not touched.
 */
export class TestPop3Dovecot {
  readonly host = '127.0.0.1';
  /** The certificate of the server (trust it as the CA); its name is `localhost`. */
  readonly caFile: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private delivered = 0;
  private readonly mailUid: number;
  private readonly mailGid: number;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly tlsPort: number,
    private readonly binary: string,
  ) {
    this.caFile = path.join(dir, 'cert.pem');
    const root = process.getuid?.() === 0;
    this.mailUid = root ? 65534 : os.userInfo().uid;
    this.mailGid = root ? 65534 : os.userInfo().gid;
  }

  static async start(users: DovecotUser[]): Promise<TestPop3Dovecot> {
    const binary = ensureDovecot();
    ensureDebianPackage('dovecot-pop3d', 'The POP3 tests', () => POP3_BINARIES.some((p) => fs.existsSync(p)));
    const dir = tempDir('orgo-dovecot-pop3-');
    fs.chmodSync(dir, 0o755);
    const server = new TestPop3Dovecot(dir, await freePort(), await freePort(), binary);
    server.writeConfig(users);
    await server.launch();
    return server;
  }

  /** Replaces the users' passwords (takes effect at the next login). */
  setUsers(users: DovecotUser[]): void {
    fs.writeFileSync(
      path.join(this.dir, 'passwd'),
      users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''),
    );
    fs.chmodSync(path.join(this.dir, 'passwd'), 0o644);
  }

  /** Delivers messages into a user's maildir (new/), in order. */
  deliver(user: DovecotUser, messages: Buffer[]): void {
    const maildir = path.join(this.dir, 'mail', user.user);
    for (const sub of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
    for (const raw of messages) {
      const name = `${Date.now()}.M${++this.delivered}P${process.pid}.orgo-test`;
      fs.writeFileSync(path.join(maildir, 'tmp', name), raw);
      fs.renameSync(path.join(maildir, 'tmp', name), path.join(maildir, 'new', name));
    }
    this.chownMail();
  }

  /** How many messages the server still holds for a user. */
  count(user: DovecotUser): number {
    const maildir = path.join(this.dir, 'mail', user.user);
    return ['new', 'cur'].reduce(
      (n, sub) =>
        n + (fs.existsSync(path.join(maildir, sub)) ? fs.readdirSync(path.join(maildir, sub)).length : 0),
      0,
    );
  }

  /** Dovecot's log (logins say `TLS` when the session was protected). */
  log(): string {
    const file = path.join(this.dir, 'dovecot.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGTERM');
    await this.exited;
  }

  /** Stops it and removes its folders. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private chownMail(): void {
    if (process.getuid?.() !== 0) return;
    const walk = (p: string) => {
      fs.chownSync(p, this.mailUid, this.mailGid);
      if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    };
    walk(path.join(this.dir, 'mail'));
  }

  private writeConfig(users: DovecotUser[]): void {
    const { dir } = this;
    for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        this.caFile,
      ],
      { stdio: 'ignore' },
    );
    this.setUsers(users);
    this.chownMail();
    const root = process.getuid?.() === 0;
    const self = os.userInfo();
    const group =
      fs
        .readFileSync('/etc/group', 'utf8')
        .split('\n')
        .find((l) => l.split(':')[2] === String(self.gid))
        ?.split(':')[0] ?? String(self.gid);
    const dh = '/usr/share/dovecot/dh.pem';
    const lines = [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `instance_name = orgo-test-${path.basename(dir)}`,
      'protocols = pop3',
      'listen = 127.0.0.1',
      `log_path = ${dir}/dovecot.log`,
      'ssl = yes',
      `ssl_cert = <${dir}/cert.pem`,
      `ssl_key = <${dir}/key.pem`,
      ...(fs.existsSync(dh) ? [`ssl_dh = <${dh}`] : []),
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'auth_failure_delay = 0',
      `mail_location = maildir:${dir}/mail/%u`,
      'first_valid_uid = 1',
      ...(root
        ? []
        : [
            `default_internal_user = ${self.username}`,
            `default_internal_group = ${group}`,
            `default_login_user = ${self.username}`,
          ]),
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${this.mailUid} gid=${this.mailGid} home=${dir}/mail/%u`,
      '}',
      'service pop3-login {',
      '  chroot =',
      `  inet_listener pop3 {\n    address = 127.0.0.1\n    port = ${this.port}\n  }`,
      `  inet_listener pop3s {\n    address = 127.0.0.1\n    port = ${this.tlsPort}\n    ssl = yes\n  }`,
      '}',
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      'service submission-login {\n  chroot =\n}',
      'service imap-urlauth-login {\n  chroot =\n}',
      '',
    ];
    fs.writeFileSync(path.join(dir, 'dovecot.conf'), lines.join('\n'));
  }

  private async launch(): Promise<void> {
    let output = '';
    const child = spawn(this.binary, ['-F', '-c', path.join(this.dir, 'dovecot.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    let gone = false;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => ((gone = true), resolve())));
    this.child = child;
    const end = Date.now() + 20_000;
    while (!((await listening(this.host, this.port)) && (await listening(this.host, this.tlsPort)))) {
      if (gone || Date.now() > end) {
        const log = fs.existsSync(path.join(this.dir, 'dovecot.log'))
          ? fs.readFileSync(path.join(this.dir, 'dovecot.log'), 'utf8')
          : '';
        child.kill('SIGKILL');
        throw new Error(
          `The test POP3 Dovecot (${this.dir}/dovecot.conf) did not start:\n${output}\n${log.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
