import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ImapFlow } from 'imapflow';

import { freePort, tempDir } from './local-resources';

const DOVECOT_PATHS = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

function findDovecot(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' }).stdout.trim();
  return onPath || DOVECOT_PATHS.find((p) => fs.existsSync(p));
}

/**
 * The Dovecot binary; installs Debian's `dovecot-imapd` first when it is missing (as root, or
 * through `sudo -n`), printing what it does. Fails with what to run when it cannot install.
 */
export function ensureDovecot(): string {
  const found = findDovecot();
  if (found) return found;
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!root && !sudo) {
    throw new Error('The IMAP tests need Dovecot, which is not installed, and this user cannot install it. Run: sudo apt-get update && sudo apt-get install -y dovecot-imapd');
  }
  if (!fs.existsSync('/usr/bin/apt-get')) {
    throw new Error('The IMAP tests need Dovecot (dovecot-imapd): it is not installed and apt-get is not available to install it. Install Dovecot 2.3 with its imap server.');
  }
  const run = (args: string[]) => {
    const [cmd, ...rest] = sudo ? ['sudo', '-n', ...args] : args;
    process.stdout.write(`[dovecot] ${[cmd, ...rest].join(' ')}\n`);
    const result = spawnSync(cmd, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      throw new Error(`The IMAP tests need Dovecot, and '${[cmd, ...rest].join(' ')}' failed (exit ${result.status}). Install it by hand: apt-get update && apt-get install -y dovecot-imapd`);
    }
  };
  process.stdout.write('[dovecot] Dovecot is missing: installing Debian\'s dovecot-imapd for the IMAP tests\n');
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'dovecot-imapd']);
  const installed = findDovecot();
  if (!installed) throw new Error('dovecot-imapd was installed but no dovecot binary was found in PATH, /usr/sbin or /usr/local/sbin');
  return installed;
}

export interface DovecotUser {
  user: string;
  password: string;
}

/**
 * A private Dovecot for one test suite: its own configuration, state and mail folders under a
 * temporary directory, on free loopback ports (plain IMAP and IMAP over TLS with a self-signed
 * certificate made with openssl), passwd-file users with plain passwords. A system Dovecot, if
 * any, is not touched.
 */
export class TestDovecot {
  readonly host = '127.0.0.1';
  /** The certificate of the TLS port (trust it as the CA). */
  readonly caFile: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly tlsPort: number,
    private readonly binary: string,
  ) {
    this.caFile = path.join(dir, 'cert.pem');
  }

  static async start(users: DovecotUser[]): Promise<TestDovecot> {
    const binary = ensureDovecot();
    const dir = tempDir('orgo-dovecot-');
    fs.chmodSync(dir, 0o755);
    const server = new TestDovecot(dir, await freePort(), await freePort(), binary);
    server.writeConfig(users);
    await server.launch();
    return server;
  }

  /** Replaces the users' passwords (takes effect at the next login). */
  setUsers(users: DovecotUser[]): void {
    fs.writeFileSync(path.join(this.dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''));
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGTERM');
    await this.exited;
    await waitFor(async () => !(await listening(this.host, this.port)), 'Dovecot to close its port');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops it and removes its folders. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A connected client for a user (plain port), for appending and looking at folders. */
  async client(user: DovecotUser): Promise<ImapFlow> {
    const client = new ImapFlow({ host: this.host, port: this.port, secure: false, doSTARTTLS: false, auth: { user: user.user, pass: user.password }, logger: false });
    await client.connect();
    return client;
  }

  /** Appends messages to a user's folder, in order. */
  async append(user: DovecotUser, messages: Buffer[], folder = 'INBOX'): Promise<void> {
    const client = await this.client(user);
    try {
      for (const raw of messages) await client.append(folder, raw);
    } finally {
      await client.logout();
    }
  }

  /** How many messages a user's folder holds, and which of them carry a flag. */
  async folder(user: DovecotUser, folder: string): Promise<{ exists: number; flags: string[][] }> {
    const client = await this.client(user);
    try {
      const status = await client.status(folder, { messages: true }).catch(() => false as const);
      if (!status) return { exists: 0, flags: [] };
      const lock = await client.getMailboxLock(folder);
      try {
        const flags = status.messages ? (await client.fetchAll('1:*', { flags: true })).map((m) => [...(m.flags ?? [])].sort()) : [];
        return { exists: status.messages ?? 0, flags };
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  private writeConfig(users: DovecotUser[]): void {
    const { dir } = this;
    for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    this.setUsers(users);
    const root = process.getuid?.() === 0;
    const self = os.userInfo();
    // As root, mail is owned by nobody and Dovecot's own users run the rest (as packaged);
    // as any other user, everything runs as that user.
    const mailUid = root ? 65534 : self.uid;
    const mailGid = root ? 65534 : self.gid;
    if (root) fs.chownSync(path.join(dir, 'mail'), mailUid, mailGid);
    const dh = '/usr/share/dovecot/dh.pem';
    const lines = [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `instance_name = orgo-test-${path.basename(dir)}`,
      'protocols = imap',
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
      ...(root ? [] : [`default_internal_user = ${self.username}`, `default_internal_group = ${groupName(self.gid)}`, `default_login_user = ${self.username}`]),
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUid} gid=${mailGid} home=${dir}/mail/%u`,
      '}',
      'namespace inbox {',
      '  inbox = yes',
      '  separator = /',
      '}',
      'service imap-login {',
      '  chroot =',
      `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }`,
      `  inet_listener imaps {\n    address = 127.0.0.1\n    port = ${this.tlsPort}\n    ssl = yes\n  }`,
      '}',
      'service anvil {\n  chroot =\n}',
      'service pop3-login {\n  chroot =\n}',
      'service submission-login {\n  chroot =\n}',
      'service imap-urlauth-login {\n  chroot =\n}',
      '',
    ];
    fs.writeFileSync(path.join(dir, 'dovecot.conf'), lines.join('\n'));
    fs.chmodSync(path.join(dir, 'passwd'), 0o644);
  }

  private async launch(): Promise<void> {
    let output = '';
    const child = spawn(this.binary, ['-F', '-c', path.join(this.dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    let gone = false;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => ((gone = true), resolve())));
    this.child = child;
    try {
      await waitFor(async () => {
        if (gone) throw new Error('exited');
        return (await listening(this.host, this.port)) && (await listening(this.host, this.tlsPort));
      }, 'Dovecot to listen');
    } catch (error) {
      const log = fs.existsSync(path.join(this.dir, 'dovecot.log')) ? fs.readFileSync(path.join(this.dir, 'dovecot.log'), 'utf8') : '';
      child.kill('SIGKILL');
      throw new Error(`The test Dovecot (${this.dir}/dovecot.conf) did not start: ${(error as Error).message}\n${output}\n${log.slice(-3000)}`);
    }
  }
}

function groupName(gid: number): string {
  const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
  return line ? line.split(':')[0] : String(gid);
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
