import fs from 'node:fs';
import path from 'node:path';

import { CORPUS } from '@orgo/testing';

import { ROOT, mail, runOrgo, tempDir } from './support/standalone-process';

const CONFIG = path.join(ROOT, 'tests', 'fixtures', 'riverside', 'config');
const RULES = 'organizations/riverside/rules/riverside_rules.yaml';

/** A copy of the riverside configuration with one file edited (and optionally one added). */
function configCopy(edit?: (text: string) => string, extra?: { file: string; text: string }): string {
  const dir = tempDir('orgo-rules-cli-');
  fs.cpSync(CONFIG, dir, { recursive: true });
  if (edit) fs.writeFileSync(path.join(dir, RULES), edit(fs.readFileSync(path.join(dir, RULES), 'utf8')));
  if (extra) fs.writeFileSync(path.join(dir, extra.file), extra.text);
  return dir;
}

function emlFile(raw: string | Buffer): string {
  const file = path.join(tempDir('orgo-rules-eml-'), 'message.eml');
  fs.writeFileSync(file, raw);
  return file;
}

async function orgo(args: string[]): Promise<{ code: number | null; out: string }> {
  const run = runOrgo(args);
  const code = await run.exited;
  return { code, out: run.output() };
}

const HEATING = mail({
  from: 'Maya <maya@members.example>',
  to: 'Repairs <repairs@riverside.example>, friend@members.example',
  subject: 'Heating broken in the gym',
  body: 'It is very cold in the gym since Monday.',
  id: 'heating-1@members.example',
});

describe('orgo rules check', () => {
  it('exits 0 on valid rules and non-zero naming file, rule, key path, expected and found for a malformed rule', async () => {
    expect(await orgo(['rules', 'check', '--config', CONFIG])).toMatchObject({ code: 0, out: expect.stringMatching(/is valid: 1 organization/) });
    const bad = configCopy((t) => t.replace('priority: high', 'priority: urgent').replace(`"subject contains 'door'"`, `"subject has 'door'"`));
    const failing = await orgo(['rules', 'check', '--config', bad]);
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(new RegExp(`${RULES}: rule 'broken-heating': rules\\[0\\]\\.action\\.priority: expected one of low, medium, high, critical, found 'urgent'`));
    expect(failing.out).toMatch(new RegExp(`${RULES}: rule 'slow-repair': rules\\[1\\]\\.condition: expected`));
    expect(failing.out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('--json lists every problem as data', async () => {
    const bad = configCopy((t) => t.replace('priority: high', 'priority: urgent'));
    const { code, out } = await orgo(['rules', 'check', '--config', bad, '--json']);
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ ok: false, code: 'RULES.INVALID' });
    expect(result.issues).toContainEqual(expect.objectContaining({ file: RULES, rule: 'broken-heating', path: 'rules[0].action.priority', found: "'urgent'" }));
  });
});

describe('orgo rules test', () => {
  it('shows the parsed email, every rule with why, the match and the task it would become', async () => {
    const { code, out } = await orgo(['rules', 'test', emlFile(HEATING), '--org', 'riverside', '--config', CONFIG]);
    expect(code).toBe(0);
    expect(out).toMatch(/from: +maya@members\.example/);
    expect(out).toMatch(/subject: +Heating broken in the gym/);
    expect(out).toMatch(/mailbox: +repairs@riverside\.example/);
    expect(out).toMatch(/✗ drop-newsletters +\[email, workflows\/workflow_rules\.yaml\]\n +condition false: subject contains 'newsletter'/);
    expect(out).toMatch(/✓ broken-heating .*\n +matched: subject contains 'heating'/);
    expect(out).toMatch(/Matched: broken-heating/);
    expect(out).toMatch(/Outcome: task/);
    expect(out).toMatch(/position: +1001\.Facilities\.Repairs .*via route_to/);
    expect(out).toMatch(/label: +1001\.81\.Facilities\.Repairs/);
    expect(out).toMatch(/priority: +high/);
    expect(out).toMatch(/reactivity: +2s \(from rule\)/);
  });

  it('--json: one object; time rules listed as not applicable; --mailbox overrides the To address', async () => {
    const dir = configCopy(undefined, {
      file: 'organizations/riverside/rules/zz_followup.yaml',
      text: `metadata: { version: "1.0" }\nrules:\n  - name: stale-repair\n    on: time\n    condition: "task.type == 'facilities' and task_unresolved_time > '4 hours'"\n    action: { notify: lead@riverside.example }\n`,
    });
    const question = mail({ from: 'visitor@members.example', to: 'hello@riverside.example', subject: 'Opening hours on Sunday?', body: 'Are you open?', id: 'q-1@members.example' });
    const { code, out } = await orgo(['rules', 'test', emlFile(question), '--org', 'riverside', '--config', dir, '--json', '--mailbox', 'repairs@riverside.example']);
    expect(code).toBe(0);
    const run = JSON.parse(out);
    expect(run.email).toMatchObject({ from: 'visitor@members.example', to: ['hello@riverside.example'], mailbox: 'repairs@riverside.example' });
    expect(run.matched).toEqual([]);
    expect(run.rules).toContainEqual(expect.objectContaining({ rule: 'stale-repair', on: 'time', matched: null, reason: expect.stringMatching(/not applicable to an incoming email/) }));
    expect(run).toMatchObject({ outcome: 'task', task: { position: '1001.Facilities.Repairs', via: 'mailbox_role', priority: 'medium' } });
  });

  it('says ignore for what a rule ignores, and reads the flags of real mail as the parser does', async () => {
    const news = mail({ from: 'news@vendor.example', to: 'repairs@riverside.example', subject: 'Our November newsletter', body: 'Deals.', id: 'n-1@vendor.example', headers: 'List-Id: <deals.vendor.example>\r\n' });
    const ignored = JSON.parse((await orgo(['rules', 'test', emlFile(news), '--org', 'riverside', '--config', CONFIG, '--json'])).out);
    expect(ignored).toMatchObject({ outcome: 'ignore', matched: ['drop-newsletters'], task: null, email: { flags: { bulk: true } } });

    const bounce = fs.readFileSync(path.join(CORPUS, 'eml', 'mailparser', 'delivery-status.eml'));
    const { code, out } = await orgo(['rules', 'test', emlFile(bounce), '--org', 'riverside', '--config', CONFIG, '--json', '--mailbox', 'hello@riverside.example']);
    expect(code).toBe(0);
    expect(JSON.parse(out).email.flags).toMatchObject({ bounce: true });
  });

  it('fails with a message a person can act on: unknown organization, unreadable file, invalid rules', async () => {
    const unknown = await orgo(['rules', 'test', emlFile(HEATING), '--org', 'nowhere', '--config', CONFIG]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/No organization 'nowhere'.*known: riverside/);
    const missing = await orgo(['rules', 'test', '/nonexistent/message.eml', '--org', 'riverside', '--config', CONFIG]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/Cannot read \/nonexistent\/message\.eml/);
    const bad = await orgo(['rules', 'test', emlFile(HEATING), '--org', 'riverside', '--config', configCopy((t) => t.replace('priority: high', 'priority: urgent'))]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/rules\[0\]\.action\.priority: expected .*found 'urgent'/);
  });
});
