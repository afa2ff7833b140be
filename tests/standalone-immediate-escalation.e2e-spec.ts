import path from 'node:path';

import { ApiClient } from './support/api-client';
import { eventually } from './support/eventually';
import { ROOT, type Standalone, dropMail, mail, startStandalone, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');

/** SPEC §6: a crisis goes to the top at once; a severity at the profile's threshold escalates at once. */
describe('immediate escalation by category and severity', () => {
  let orgo: Standalone;
  let api: ApiClient;

  beforeAll(async () => {
    orgo = await startStandalone(CONFIG, tempDir('orgo-immediate-'));
    api = new ApiClient(orgo.url);
    await api.login();
  });

  afterAll(async () => {
    orgo.child.kill('SIGTERM');
    await orgo.exited;
  });

  const byMessage = async (id: string): Promise<any> =>
    (await api.get('/api/v1/tasks?limit=100')).body.items.find((t: any) => t.source.message_id === id);

  it('routes a crisis (category 9) straight to the top of its chain', async () => {
    dropMail(orgo.home, 'repairs@riverside.example', 'fire.eml', mail({
      from: 'guard@members.example', to: 'repairs@riverside.example', subject: 'Smoke in the basement', body: 'Smoke from the boiler room.', id: 'fire-1@members.example' }));
    const task = await eventually(() => byMessage('fire-1@members.example'), (t) => Boolean(t), { what: 'the crisis task' });
    expect(task).toMatchObject({ category: 9, label: '1.91', assignee: { position: '1' }, escalation: { level: 3 } });
    const routed = (await api.get(`/api/v1/tasks/${task.id}/events`)).body.items.find((e: any) => e.type === 'routed');
    expect(routed.data).toMatchObject({ via: 'crisis', suggested_position: '1001.Facilities.Repairs' });
  });

  it('escalates a task whose severity reaches the threshold at once, not after its reactivity time', async () => {
    dropMail(orgo.home, 'repairs@riverside.example', 'gas.eml', mail({
      from: 'cook@members.example', to: 'repairs@riverside.example', subject: 'Smell of gas in the kitchen', body: 'Strong smell.', id: 'gas-1@members.example' }));
    const task = await eventually(() => byMessage('gas-1@members.example'), (t) => t?.escalation.level >= 1, { what: 'the severe task escalated', timeoutMs: 10_000 });
    expect(task).toMatchObject({ severity: 'critical', label: '101.81.Facilities.Repairs', assignee: { position: '101.Facilities.Repairs' }, status: 'escalated' });
    const due = Date.parse(task.escalation.next_due_at) - Date.parse(task.created_at);
    expect(due).toBeGreaterThan(59 * 60_000);
  });
});
