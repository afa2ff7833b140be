import fs from 'node:fs';
import path from 'node:path';

import { DataSource } from 'typeorm';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ROOT, dropMail, mail, runOrgo, startStandalone, tempDir } from './support/standalone-process';
import { signInPrivacyOfficer } from './support/users';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'harbor', 'config');

/** How many sealed values of each key id the home's databases hold, read raw. */
async function sealedByKey(home: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const dir = path.join(home, 'data');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite'))) {
    const db = await new DataSource({ type: 'better-sqlite3', database: path.join(dir, file), readonly: true }).initialize();
    try {
      const tables = (await db.query("SELECT name FROM sqlite_master WHERE type = 'table'")) as { name: string }[];
      for (const { name } of tables) {
        for (const row of (await db.query(`SELECT * FROM "${name}"`)) as Record<string, unknown>[]) {
          for (const value of Object.values(row)) {
            for (const match of String(value ?? '').matchAll(/enc:v1:([A-Za-z0-9_.-]+):/g)) counts[match[1]] = (counts[match[1]] ?? 0) + 1;
          }
        }
      }
    } finally {
      await db.destroy();
    }
  }
  return counts;
}

async function orgo(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = runOrgo(args);
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('orgo keys rotate (standalone)', () => {
  const home = tempDir('orgo-keys-');
  const keyFile = path.join(home, 'secrets', 'keys.json');
  const ids = () => (JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { encryption: { id: string }[] }).encryption.map((k) => k.id);
  let taskId: string;
  let officerCredentials: { email: string; password: string; totpSecret: string };

  it('generates a key file on the first start, and every sealed value uses its key', async () => {
    const running = await startStandalone(CONFIG, home);
    try {
      expect(running.output()).toContain(keyFile);
      const admin = new ApiClient(running.url);
      await admin.login();
      dropMail(home, 'report@harbor.example', 'r.eml', mail({ from: 'Maria Lopez <maria.lopez@mail.example>', to: 'report@harbor.example', subject: 'Harassment', body: 'Call me at +1 416 555 0199.', id: 'rotate-1@mail.example' }));
      taskId = (await eventually(async () => (await admin.get('/api/v1/tasks?organization=harbor')).body.items?.[0], (t: any) => Boolean(t), { what: 'the sensitive task' })).id;
      officerCredentials = (await signInPrivacyOfficer(admin, running.url, 'privacy@harbor.example', ['harbor'])).credentials;
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    expect(ids()).toEqual(['k1']);
    expect(Object.keys(await sealedByKey(home))).toEqual(['k1']);
  }, 120_000);

  it('refuses to rotate while Orgo runs on the home', async () => {
    const running = await startStandalone(CONFIG, home);
    try {
      const refused = await orgo(['keys', 'rotate', '--config', CONFIG, '--home', home]);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/stop it first/);
      expect(ids()).toEqual(['k1']);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
  }, 120_000);

  it('re-encrypts every sealed value with a new key, keeps the old one readable, and retires it on request', async () => {
    const rotated = await orgo(['keys', 'rotate', '--config', CONFIG, '--home', home, '--json']);
    expect(rotated.code).toBe(0);
    const summary = JSON.parse(rotated.output.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ active: 'k2', added: ['k2'], retired: [] });
    expect(summary.services['rule-engine'].reduce((n: number, c: { resealed: number }) => n + c.resealed, 0)).toBeGreaterThan(0);
    expect(ids()).toEqual(['k2', 'k1']);
    expect(Object.keys(await sealedByKey(home))).toEqual(['k2']);

    const again = await orgo(['keys', 'rotate', '--config', CONFIG, '--home', home, '--no-new', '--retire', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.output.trim().split('\n').pop()!)).toMatchObject({ active: 'k2', added: [], retired: ['k1'] });
    expect(ids()).toEqual(['k2']);
  }, 120_000);

  it('starts on the rotated keys: sign-in with MFA, the reveal and the audit chain still work', async () => {
    const running = await startStandalone(CONFIG, home);
    try {
      const admin = new ApiClient(running.url);
      await admin.login();
      const task = (await admin.get(`/api/v1/tasks/${taskId}`)).body;
      expect(task.reporter).toMatch(/^Anon-\d+$/);
      // The officer's TOTP secret was sealed with k1: it is read under k2 now.
      const officer = new ApiClient(running.url);
      await officer.login(officerCredentials);
      const revealed = await officer.request('POST', `/api/v1/tasks/${taskId}/reveal`, { reason: 'Checking the rotation keeps identities readable' });
      expect(revealed.body).toMatchObject({ address: 'maria.lopez@mail.example', pseudonym: task.reporter });
      const verify = await admin.get('/api/v1/audit/verify');
      expect(verify.body).toMatchObject({ ok: true });
      dropMail(home, 'report@harbor.example', 'r2.eml', mail({ from: 'Maria Lopez <maria.lopez@mail.example>', to: 'report@harbor.example', subject: 'Harassment again', body: 'Again.', id: 'rotate-2@mail.example' }));
      const second = await eventually(async () => (await admin.get('/api/v1/tasks?organization=harbor')).body.items ?? [], (items: any[]) => items.length === 2, { what: 'the second report' });
      // The same sender keeps the same pseudonym across the rotation (the blind index is not rotated).
      expect(new Set(second.map((t: any) => t.reporter))).toEqual(new Set([task.reporter]));
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    expect(Object.keys(await sealedByKey(home))).toEqual(['k2']);
  }, 120_000);
});
