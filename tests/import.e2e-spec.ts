import fs from 'node:fs';
import path from 'node:path';

import { writeMbox } from '../bench/import-bench';
import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ROOT, runOrgo, startStandalone, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'config');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

interface Summary {
  read: number;
  imported: number;
  duplicates: number;
  quarantined: number;
  ignored: number;
  by_reason: Record<string, number>;
  resumed: boolean;
  interrupted: boolean;
  kind: string;
}

async function importArchive(home: string, archive: string, extra: string[] = []): Promise<Summary> {
  const run = runOrgo(['import', archive, '--config', CONFIG, '--home', home, '--json', ...extra]);
  const code = await run.exited;
  if (code !== 0) throw new Error(`orgo import exited with ${code}:\n${run.output()}`);
  const line = run.output().split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON summary:\n${run.output()}`);
  return JSON.parse(line) as Summary;
}

/** Every message read has exactly one outcome, and the reasons account for every quarantined and ignored one. */
function expectConsistent(s: Summary): void {
  expect(s.imported + s.duplicates + s.quarantined + s.ignored).toBe(s.read);
  expect(Object.values(s.by_reason).reduce((a, b) => a + b, 0)).toBe(s.quarantined + s.ignored);
}

function cursorOf(home: string): { counts: { read: number }; finishedAt: string | null } | null {
  const dir = path.join(home, 'imports');
  if (!fs.existsSync(dir)) return null;
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) return null;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return null;
  }
}

describe('orgo import (standalone home, not running)', () => {
  it.each([
    ['an .eml folder', 'eml/mailparser', 'eml-folder', 10],
    ['an mbox', 'mbox/mimekit/content-length.mbox.txt', 'mbox', 29],
    ['a maildir tree with Maildir++ subfolders', 'maildir/notmuch-default', 'maildir', 53],
    ['an Outlook store', 'pst/ingest-file/testPST.pst', 'pst', 6],
  ])('imports %s: every message read has one outcome', async (_what, relative, kind, count) => {
    const summary = await importArchive(tempDir('orgo-import-'), path.join(CORPUS, relative));
    expect(summary).toMatchObject({ kind, read: count, interrupted: false, resumed: false });
    expectConsistent(summary);
    expect(summary.imported + summary.quarantined).toBeGreaterThan(0);
  });

  it('counts what in a .pst is not mail, with its reason', async () => {
    const summary = await importArchive(tempDir('orgo-import-'), path.join(CORPUS, 'pst/java-libpst/dist-list.pst'));
    expect(summary).toMatchObject({ read: 4, imported: 0, duplicates: 0, quarantined: 0, ignored: 4 });
    expect(summary.by_reason).toEqual({ 'pst-appointment': 1, 'pst-contact': 1, 'pst-distribution-list': 1, 'pst-not-email': 1 });
  });

  it('creates nothing new when the same archive is imported twice', async () => {
    const home = tempDir('orgo-import-twice-');
    const archive = path.join(CORPUS, 'mbox/mimekit/content-length.mbox.txt');
    const first = await importArchive(home, archive);
    expectConsistent(first);
    const second = await importArchive(home, archive);
    expect(second).toMatchObject({ read: 29, imported: 0, quarantined: 0, ignored: 0, duplicates: 29, resumed: false });
  });

  it('imports 1,200 mails of one mbox, looking outcomes up while it offers the rest, each counted once', async () => {
    const dir = tempDir('orgo-import-large-');
    const mbox = path.join(dir, 'archive.mbox');
    writeMbox(mbox, 1_200);
    const summary = await importArchive(path.join(dir, 'home'), mbox, ['--config', path.join(ROOT, 'bench', 'config', 'realistic')]);
    expect(summary).toMatchObject({ kind: 'mbox', read: 1_200, imported: 1_200, duplicates: 0, quarantined: 0, ignored: 0, interrupted: false });
    expectConsistent(summary);
  }, 300_000);

  it('resumes an import killed mid-way and ends with each message exactly once', async () => {
    const home = tempDir('orgo-import-resume-');
    const archive = path.join(CORPUS, 'maildir/notmuch-lkml');
    const run = runOrgo(['import', archive, '--config', CONFIG, '--home', home, '--json']);
    // Killed as soon as its first chunk (32 entries) is saved: watched closely, so that on a fast run
    // the kill still lands before the last of the 210 entries is read.
    await eventually(
      async () => cursorOf(home),
      (c) => c !== null && c.counts.read >= 32,
      { what: 'the import under way', timeoutMs: 120_000, intervalMs: 10 },
    );
    run.child.kill('SIGKILL');
    await run.exited;
    const stopped = cursorOf(home);
    expect(stopped?.finishedAt).toBeNull();
    expect(stopped?.counts.read).toBeLessThan(210);

    const resumed = await importArchive(home, archive);
    expect(resumed).toMatchObject({ read: 210, resumed: true, interrupted: false });
    expectConsistent(resumed);
    // 176 distinct Message-IDs: the corpus holds 34 second copies, found as duplicates.
    expect(resumed.duplicates).toBe(34);
    expect(resumed.imported + resumed.quarantined + resumed.ignored).toBe(176);

    const again = await importArchive(home, archive);
    expect(again).toMatchObject({ read: 210, imported: 0, quarantined: 0, ignored: 0, duplicates: 210 });
  }, 300_000);
});

describe('orgo import into a running orgo start', () => {
  it('hands the archive to the running Orgo, whose tasks then show it', async () => {
    const home = tempDir('orgo-import-running-');
    const orgo = await startStandalone(CONFIG, home);
    try {
      const summary = await importArchive(home, path.join(CORPUS, 'pst/ingest-file/testPST.pst'));
      expect(summary).toMatchObject({ kind: 'pst', read: 6, interrupted: false });
      expectConsistent(summary);
      expect(orgo.output()).not.toContain('orgo: ');

      const api = new ApiClient(orgo.url);
      await api.login();
      const pstIds = [
        '530D9CAC.5080901@gmail.com',
        '1393363252.28814.YahooMailNeo@web140906.mail.bf1.yahoo.com',
        'CAJ+FrY6C_Hp_b-Pzx2VqUqnonx9Dei8kcXDV7j1wPT99mNKsuA@mail.gmail.com',
        'JIRA.12697327.1393405059550.107997.1393417219950@arcas',
        'JIRA.12697352.1393416577650.107951.1393416740976@arcas',
        '343897812.110224025.1393276474157.JavaMail.root@abmas02.marketo.org',
      ];
      const fromPst = (await api.get('/api/v1/tasks?limit=100')).body.items.filter((t: any) => pstIds.includes(t.source.message_id));
      // Each imported message became a task or updated one; none became two.
      expect(summary.imported).toBeGreaterThan(0);
      expect(fromPst.length).toBeGreaterThan(0);
      expect(fromPst.length).toBeLessThanOrEqual(summary.imported);
      expect(new Set(fromPst.map((t: any) => t.source.message_id)).size).toBe(fromPst.length);

      const twice = await importArchive(home, path.join(CORPUS, 'pst/ingest-file/testPST.pst'));
      expect(twice).toMatchObject({ read: 6, imported: 0, duplicates: 6 });
    } finally {
      orgo.child.kill('SIGTERM');
      await orgo.exited;
    }
  }, 180_000);
});
