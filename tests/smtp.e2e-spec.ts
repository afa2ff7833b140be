import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { corpusReports, riversideWithEmail } from '@orgo/testing';
import nodemailer from 'nodemailer';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { type Standalone, freePort, startStandalone, tempDir } from './support/standalone-process';

const LIMIT = 256 * 1024;

/**
 * The SMTP intake of the standalone shape, with nodemailer as the sending client: mail for a role
 * address becomes a task (over STARTTLS, trusted through the test's own certificate); mail for any
 * other address is refused with 550 (no relay); mail over the size limit is refused with 552.
 */
describe('SMTP intake (standalone, nodemailer as the client)', () => {
  let orgo: Standalone;
  let api: ApiClient;
  let smtpPort: number;
  const certs = tempDir('orgo-smtp-tls-');
  const home = tempDir('orgo-smtp-');
  const [report] = corpusReports().filter((m) => m.raw.length < LIMIT);

  const transport = (requireTLS = true) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      requireTLS,
      tls: { ca: fs.readFileSync(path.join(certs, 'cert.pem')), servername: 'localhost' },
    });

  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(certs, 'key.pem'), '-out', path.join(certs, 'cert.pem')], { stdio: 'ignore' });
    smtpPort = await freePort();
    const config = riversideWithEmail({
      smtp: {
        enabled: true,
        host: '127.0.0.1',
        port: smtpPort,
        size_limit: LIMIT,
        starttls: { cert_file: path.join(certs, 'cert.pem'), key_file: path.join(certs, 'key.pem') },
      },
    });
    orgo = await startStandalone(config, home);
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(async () => {
    orgo?.child.kill('SIGTERM');
    await orgo?.exited;
  });

  it('turns mail for a role address into a task (STARTTLS), and answers 250 only once it is stored', async () => {
    const info = await transport().sendMail({ envelope: { from: 'sender@members.example', to: ['Hello@riverside.example'] }, raw: report.raw });
    expect(info.accepted).toEqual(['Hello@riverside.example']);
    expect(info.response).toMatch(/^250/);
    const tasks = await eventually(
      async () => (await api.get('/api/v1/tasks?organization=riverside')).body,
      (b) => b.total >= 1,
      { what: 'the task from the SMTP mail' },
    );
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0].source).toMatchObject({ mailbox: 'hello@riverside.example', message_id: report.messageId });

    const health: any = await (await fetch(`${orgo.url}/health/ready`)).json();
    expect(health.services.find((s: any) => s.service === 'email-gateway').details.smtp).toMatchObject({ enabled: true, listening: true, port: smtpPort });
  });

  it('refuses to relay: mail for another domain gets 550 and is not taken', async () => {
    const attempt = transport().sendMail({ envelope: { from: 'spammer@elsewhere.example', to: ['victim@elsewhere.example'] }, raw: report.raw });
    await expect(attempt).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('relay not permitted') });
    // An unknown address of the organization's own domain is no role address either.
    const unknown = transport().sendMail({ envelope: { from: 'a@members.example', to: ['nobody@riverside.example'] }, raw: report.raw });
    await expect(unknown).rejects.toMatchObject({ responseCode: 550 });
    const metrics = await (await fetch(`${orgo.url}/metrics`)).text();
    expect(metrics).toMatch(/orgo_smtp_messages_total\{outcome="refused_recipient"\} 2\b/);
    expect((await api.get('/api/v1/tasks?organization=riverside')).body.total).toBe(1);
  });

  it('refuses mail over the size limit with 552', async () => {
    const big = Buffer.concat([Buffer.from('From: big@members.example\r\nTo: hello@riverside.example\r\nSubject: Large scan\r\nMessage-ID: <big-1@members.example>\r\n\r\n'), Buffer.alloc(LIMIT + 1024, 'x')]);
    const attempt = transport().sendMail({ envelope: { from: 'big@members.example', to: ['hello@riverside.example'] }, raw: big });
    await expect(attempt).rejects.toMatchObject({ responseCode: 552 });
    const metrics = await (await fetch(`${orgo.url}/metrics`)).text();
    expect(metrics).toMatch(/orgo_smtp_messages_total\{outcome="oversize"\} 1\b/);
    expect((await api.get('/api/v1/tasks?organization=riverside')).body.total).toBe(1);
  });
});
