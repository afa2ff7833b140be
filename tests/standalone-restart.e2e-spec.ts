import fs from 'node:fs';
import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ROOT, dropMail, freePort, mail, startStandalone, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/**
 * Killed without warning while a task waits for its escalation: after a restart the escalation still
 * fires, once; mail already ingested is not ingested again; mail dropped while it was down is taken.
 */
describe('standalone shape survives a kill', () => {
  it('keeps timers and intake across SIGKILL and restart', async () => {
    const home = tempDir('orgo-restart-');
    const port = await freePort();
    const first = await startStandalone(CONFIG, home, port);
    const api = new ApiClient(first.url);
    await api.login();
    dropMail(home, 'repairs@riverside.example', 'door.eml', mail({
      from: 'member@members.example', to: 'repairs@riverside.example', subject: 'The back door does not lock',
      body: 'The lock is stuck.', id: 'door-1@members.example' }));
    const created = await eventually(
      async () => (await api.get('/api/v1/tasks')).body,
      (b) => b.total === 1,
      { what: 'the door task' },
    );
    const door = created.items[0];
    expect(door.escalation.next_due_at).not.toBeNull();

    first.child.kill('SIGKILL');
    await first.exited;
    dropMail(home, 'hello@riverside.example', 'while-down.eml', mail({
      from: 'late@members.example', to: 'hello@riverside.example', subject: 'Lost and found',
      body: 'I left my scarf.', id: 'late-1@members.example' }));
    // The file of the first mail is put back, as if the crash came before it was moved away.
    fs.copyFileSync(
      path.join(home, 'processed', 'repairs@riverside.example', 'door.eml'),
      path.join(home, 'inbox', 'repairs@riverside.example', 'door-again.eml'),
    );

    const second = await startStandalone(CONFIG, home, port);
    try {
      const again = new ApiClient(second.url);
      await again.login();
      const both = await eventually(async () => (await again.get('/api/v1/tasks')).body, (b) => b.total >= 2, { what: 'mail dropped while down' });
      expect(both.items.map((t: any) => t.source.message_id).sort()).toEqual(['door-1@members.example', 'late-1@members.example']);

      const due = Date.parse(door.escalation.next_due_at);
      await eventually(
        async () => (await again.get(`/api/v1/tasks/${door.id}`)).body,
        (t) => t.escalation.level === 1,
        { what: 'escalation after restart', timeoutMs: Math.max(5000, due - Date.now() + 10_000) },
      );
      // Wait past the moment a duplicate firing would show, then count.
      await new Promise((r) => setTimeout(r, 3000));
      const events = (await again.get(`/api/v1/tasks/${door.id}/events`)).body.items;
      expect(events.filter((e: any) => e.type === 'escalated')).toHaveLength(1);
      expect(events.filter((e: any) => e.type === 'created')).toHaveLength(1);
      expect((await again.get('/api/v1/tasks')).body.total).toBe(2);
      expect(fs.readdirSync(path.join(home, 'inbox', 'repairs@riverside.example'))).toEqual([]);
      // Since the restart the task-service created exactly one task: the mail dropped while it was
      // down. The re-dropped copy of the first mail stopped at the gateway's dedupe.
      const metrics = await (await fetch(`${second.url}/metrics`)).text();
      expect(metrics).toMatch(/orgo_messages_handled_total\{service="task-service",routing_key="command.task.create",outcome="processed"\} 1\b/);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
