import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import * as tar from 'tar-stream';

import { BackupRefused, readBackupArchive, writeBackupArchive } from './backup-archive';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupManifest } from './backup-manifest';

const base: Omit<BackupManifest, 'entries'> = {
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  created_at: '2026-12-04T12:00:00.000Z',
  orgo_version: '0.1.0',
  shape: 'standalone',
  source: { home: '/srv/orgo' },
  keys: { included: false, source: 'file', encryption: ['k1'], audit: ['a1'] },
};

describe('backup archive', () => {
  let dir: string;
  let file: string;
  const contents: Record<string, Buffer> = {
    'data/task-service.sqlite': randomBytes(300_000),
    'data/audit-log.sqlite': randomBytes(120_000),
    'home/inbox/it@northside.example/a.eml': Buffer.from('Subject: leak\r\n\r\nThe tap leaks.\r\n'),
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-backup-spec-'));
    const files = Object.entries(contents).map(([name, bytes], i) => {
      const source = path.join(dir, `src-${i}`);
      fs.writeFileSync(source, bytes);
      return { name, kind: name.startsWith('data/') ? ('sqlite' as const) : ('file' as const), source };
    });
    file = path.join(dir, 'orgo.backup');
    await writeBackupArchive(file, files, base);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const staging = () => fs.mkdtempSync(path.join(dir, 'staging-'));

  it('reads back every file byte for byte, with a manifest of sizes and checksums', async () => {
    let bytes = 0;
    const into = staging();
    const manifest = await readBackupArchive(file, into, (n) => (bytes += n));
    expect(manifest.entries.map((e) => e.name)).toEqual(Object.keys(contents));
    expect(manifest.entries[0]).toMatchObject({
      kind: 'sqlite',
      size: 300_000,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    for (const [name, expected] of Object.entries(contents))
      expect(fs.readFileSync(path.join(into, name)).equals(expected)).toBe(true);
    expect(bytes).toBe(fs.statSync(file).size);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it.each([0.1, 0.5, 0.9, 0.999])('refuses a file cut at %p of its length as truncated', async (fraction) => {
    const bytes = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.backup');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * fraction)));
    await expect(readBackupArchive(cut, staging())).rejects.toThrow(/truncated|incomplete/);
    await expect(readBackupArchive(cut, staging())).rejects.toThrow(/Nothing was restored/);
  });

  it('refuses a damaged file', async () => {
    const bytes = Buffer.from(fs.readFileSync(file));
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const bad = path.join(dir, 'bad.backup');
    fs.writeFileSync(bad, bytes);
    await expect(readBackupArchive(bad, staging())).rejects.toBeInstanceOf(BackupRefused);
  });

  async function rewrite(
    edit: (entries: { name: string; body: Buffer }[]) => { name: string; body: Buffer }[],
  ): Promise<string> {
    const entries: { name: string; body: Buffer }[] = [];
    const extract = tar.extract();
    fs.createReadStream(file).pipe(zlib.createGunzip()).pipe(extract);
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      entries.push({ name: entry.header.name, body: Buffer.concat(chunks) });
    }
    const pack = tar.pack();
    for (const e of edit(entries)) pack.entry({ name: e.name }, e.body);
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack.pipe(zlib.createGzip())) chunks.push(c as Buffer);
    const out = path.join(dir, 'edited.backup');
    fs.writeFileSync(out, Buffer.concat(chunks));
    return out;
  }

  it('refuses a file whose entry differs from its checksum, naming the entry', async () => {
    const edited = await rewrite((entries) =>
      entries.map((e) =>
        e.name === 'data/audit-log.sqlite' ? { ...e, body: randomBytes(e.body.length) } : e,
      ),
    );
    await expect(readBackupArchive(edited, staging())).rejects.toThrow(
      /data\/audit-log\.sqlite does not match its checksum/,
    );
  });

  it('refuses a file that lost an entry the manifest lists, or holds one it does not', async () => {
    const lost = await rewrite((entries) => entries.filter((e) => e.name !== 'data/task-service.sqlite'));
    await expect(readBackupArchive(lost, staging())).rejects.toThrow(
      /data\/task-service\.sqlite is listed in the manifest but missing/,
    );
    const extra = await rewrite((entries) => [
      { name: 'data/extra.sqlite', body: Buffer.from('x') },
      ...entries,
    ]);
    await expect(readBackupArchive(extra, staging())).rejects.toThrow(
      /data\/extra\.sqlite is in the file but not in its manifest/,
    );
  });

  it('refuses an entry that would be written outside the restore folder', async () => {
    const escape = await rewrite((entries) => [{ name: '../escape', body: Buffer.from('x') }, ...entries]);
    await expect(readBackupArchive(escape, staging())).rejects.toThrow(/not an Orgo backup/);
    expect(fs.existsSync(path.join(dir, 'escape'))).toBe(false);
  });

  it('refuses a missing file and a file that is not a backup', async () => {
    await expect(readBackupArchive(path.join(dir, 'none.backup'), staging())).rejects.toThrow(
      /There is no backup file/,
    );
    const text = path.join(dir, 'text.backup');
    fs.writeFileSync(text, 'hello');
    await expect(readBackupArchive(text, staging())).rejects.toBeInstanceOf(BackupRefused);
  });
});
