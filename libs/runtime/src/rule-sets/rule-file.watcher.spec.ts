import fs from 'node:fs';
import path from 'node:path';

import { tempDir } from '@orgo/testing';

import { RuleFileWatcher } from './rule-file.watcher';

/** A rule folder with one file, and a watcher over it that records each change it reports. */
function setup(options: { watch: boolean; pollMs?: number }) {
  const dir = tempDir('orgo-rule-watch-');
  fs.mkdirSync(path.join(dir, 'rules'));
  const file = path.join(dir, 'rules', 'main.yaml');
  fs.writeFileSync(file, 'rules: []\n');
  let changes = 0;
  let notify: () => void = () => undefined;
  const watcher = new RuleFileWatcher({
    dir,
    folders: options.watch ? ['rules'] : [],
    files: () => fs.readdirSync(path.join(dir, 'rules')).sort().map((f) => `rules/${f}`),
    onChange: async () => {
      changes++;
      notify();
    },
    debounceMs: 20,
    pollMs: options.pollMs ?? 60_000,
  });
  const nextChange = () => new Promise<void>((resolve) => (notify = resolve));
  return { dir, file, watcher, changes: () => changes, nextChange };
}

describe('RuleFileWatcher', () => {
  it('reports a change only when the files’ content differs from the previous check', async () => {
    const { file, watcher, changes } = setup({ watch: false });
    await watcher.check();
    expect(changes()).toBe(1); // the first check always reads
    await watcher.check();
    expect(changes()).toBe(1);
    fs.writeFileSync(file, 'rules: []\n');
    await watcher.check();
    expect(changes()).toBe(1);
    fs.writeFileSync(file, 'rules: [x]\n');
    await watcher.check();
    expect(changes()).toBe(2);
    fs.writeFileSync(path.join(path.dirname(file), 'more.yaml'), 'rules: []\n');
    await watcher.check();
    expect(changes()).toBe(3);
    await watcher.stop();
  });

  it('notices an in-place write and an atomic rename through file events', async () => {
    const { file, watcher, changes, nextChange } = setup({ watch: true });
    await watcher.check();
    watcher.start();
    let changed = nextChange();
    fs.writeFileSync(file, 'rules: [in-place]\n');
    await changed;
    changed = nextChange();
    fs.writeFileSync(`${file}.tmp`, 'rules: [renamed]\n');
    fs.renameSync(`${file}.tmp`, file);
    await changed;
    expect(changes()).toBe(3);
    await watcher.stop();
  });

  it('notices a change by its periodic check when no file event arrives', async () => {
    const { file, watcher, nextChange } = setup({ watch: false, pollMs: 50 });
    await watcher.check();
    watcher.start();
    const changed = nextChange();
    fs.writeFileSync(file, 'rules: [polled]\n');
    await changed;
    await watcher.stop();
  });

  it('runs one check at a time: a request during a check runs once after it', async () => {
    const dir = tempDir('orgo-rule-watch-');
    let running = 0;
    let most = 0;
    let calls = 0;
    let content = 0;
    const watcher = new RuleFileWatcher({
      dir,
      folders: [],
      files: () => [`v${content}`],
      onChange: async () => {
        calls++;
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setImmediate(r));
        running--;
      },
    });
    const first = watcher.check();
    content = 1;
    void watcher.check();
    void watcher.check();
    await first;
    expect(most).toBe(1);
    expect(calls).toBe(2);
    await watcher.stop();
  });
});
