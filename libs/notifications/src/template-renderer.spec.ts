import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { OrgoError } from '@orgo/domain';

import { NOTIFICATION_PURPOSES, TEMPLATE_MEDIA, partsOf } from './notification-context';
import { SAMPLE_CONTEXTS } from './sample-contexts';
import { TEMPLATE_FRESHNESS_MS, TemplateRenderer } from './template-renderer';

const { task } = SAMPLE_CONTEXTS.assigned;

function templatesDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-templates-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer({}, []);

  it('renders the built-in email subject with key and label', () => {
    expect(renderer.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      '[NS-1042 · 1001.81.Ops.Maintenance] Water leak in room 102',
    );
  });

  it('has a built-in template for every medium, purpose and part, and each renders its sample', () => {
    for (const medium of TEMPLATE_MEDIA) {
      for (const purpose of NOTIFICATION_PURPOSES) {
        for (const part of partsOf(medium)) {
          expect(renderer.has('northside', medium, purpose, part)).toBe(true);
          expect(
            renderer.render('northside', medium, purpose, part, SAMPLE_CONTEXTS[purpose]).trim(),
          ).not.toBe('');
        }
      }
    }
    expect(renderer.has('northside', 'sms', 'assigned', 'subject')).toBe(false);
  });

  it('ends email bodies with how to reply, and the acknowledgement thanks the sender with the key', () => {
    const body = renderer.render('northside', 'email', 'assigned', 'text', SAMPLE_CONTEXTS.assigned);
    expect(body).toMatch(/accept[\s\S]*ETA: 30 minutes[\s\S]*done[\s\S]*escalate[\s\S]*comment\.\n$/);
    const ack = renderer.render(
      'northside',
      'email',
      'acknowledgement',
      'text',
      SAMPLE_CONTEXTS.acknowledgement,
    );
    expect(ack).toContain('Thank you');
    expect(ack).toContain('NS-1042');
    expect(ack).toMatch(/Replies to this message are added to the task/);
  });

  it('says why a task was escalated: time spent, a person (with their note) or a time rule', () => {
    const escalated = SAMPLE_CONTEXTS.escalated;
    const because = (data: Record<string, unknown>, actor = 'escalation-scheduler') =>
      renderer.render('northside', 'email', 'escalated', 'text', {
        ...escalated,
        event: { ...escalated.event, actor, data: { ...escalated.event.data, ...data } },
      });
    expect(because({ reason: 'reactivity_elapsed' })).toMatch(/: nobody resolved it in time\./);
    const manual = because({ reason: 'manual', note: 'the tenant called twice' }, 'jane@northside.example');
    expect(manual).toMatch(/: jane@northside\.example escalated it \("the tenant called twice"\)\./);
    expect(manual).not.toMatch(/in time/);
    expect(because({ reason: 'reply' }, 'bob@northside.example')).toMatch(
      /: bob@northside\.example escalated it\./,
    );
    expect(because({ reason: 'time_rule' })).toMatch(/: a time rule escalated it\./);
  });

  it('keeps SMS short, with key and label', () => {
    for (const purpose of NOTIFICATION_PURPOSES) {
      const text = renderer.render('northside', 'sms', purpose, 'text', SAMPLE_CONTEXTS[purpose]).trim();
      expect(text.length).toBeLessThanOrEqual(160);
      expect(text).toContain(
        purpose === 'digest' ? 'NS-1043 101.11.Ops.Maintenance' : SAMPLE_CONTEXTS[purpose].task.key,
      );
    }
    expect(renderer.render('northside', 'sms', 'assigned', 'text', SAMPLE_CONTEXTS.assigned)).toContain(
      '1001.81.Ops.Maintenance',
    );
  });

  it('lists every digest item with key, label, title and purpose', () => {
    const body = renderer.render('northside', 'email', 'digest', 'text', SAMPLE_CONTEXTS.digest);
    for (const item of SAMPLE_CONTEXTS.digest.items!) {
      expect(body).toContain(`${item.key} · ${item.label}  ${item.title}`);
    }
    expect(body).toContain('escalated at 2026-11-24T22:10:00.000Z');
  });

  it('fails on a missing placeholder instead of sending an empty string, naming template and placeholder', () => {
    const attempt = () => renderer.render('northside', 'email', 'assigned', 'text', { task });
    expect(attempt).toThrow(OrgoError);
    expect(attempt).toThrow(
      "Template 'email/assigned.text.njk' for northside could not be rendered: the placeholder {{ position }} has no value",
    );
    try {
      attempt();
    } catch (error) {
      expect((error as OrgoError).code).toBe('TEMPLATE.RENDER_FAILED');
      expect((error as OrgoError).details).toEqual({
        template: 'email/assigned.text.njk',
        placeholder: '{{ position }}',
      });
    }
  });

  it('prefers the organization template, then the domain one, then the built-in one', () => {
    const org = templatesDir({ 'email/assigned.subject.njk': 'Northside: {{ task.key }}' });
    const domain = templatesDir({
      'email/assigned.subject.njk': 'Schools: {{ task.key }}',
      'sms/assigned.text.njk': 'School SMS {{ task.key }}',
    });
    const layered = new TemplateRenderer({ northside: org }, [domain]);
    expect(layered.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'Northside: NS-1042',
    );
    expect(layered.render('other', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'Schools: NS-1042',
    );
    expect(layered.render('northside', 'sms', 'assigned', 'text', SAMPLE_CONTEXTS.assigned)).toBe(
      'School SMS NS-1042',
    );
    expect(layered.render('northside', 'in_app', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toContain(
      '[NS-1042',
    );
  });

  it('looks only in the domains an organization uses when the domains are given per organization', () => {
    const schools = templatesDir({ 'email/assigned.subject.njk': 'Schools: {{ task.key }}' });
    const renderer = new TemplateRenderer({}, (organization) =>
      organization === 'northside' ? [schools] : [],
    );
    expect(renderer.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'Schools: NS-1042',
    );
    expect(renderer.render('harbour', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      '[NS-1042 · 1001.81.Ops.Maintenance] Water leak in room 102',
    );
  });

  it('names the placeholder and the partial when an included template fails', () => {
    const org = templatesDir({
      'email/_sig.njk': 'Regards,\n{{ signature }}',
      'email/resolved.text.njk': 'Done.\n{% include "email/_sig.njk" %}',
    });
    const failing = new TemplateRenderer({ northside: org }, []);
    expect(() => failing.render('northside', 'email', 'resolved', 'text', SAMPLE_CONTEXTS.resolved)).toThrow(
      `Template 'email/resolved.text.njk' for northside could not be rendered: the placeholder {{ signature }} has no value (in ${path.join(org, 'email/_sig.njk')})`,
    );
  });

  it('reads a fixed template afresh, so a retry after the fix succeeds', () => {
    const org = templatesDir({ 'email/assigned.subject.njk': '{{ task.nonexistent }}' });
    const fixing = new TemplateRenderer({ northside: org }, []);
    expect(() =>
      fixing.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned),
    ).toThrow('{{ task.nonexistent }}');
    fs.writeFileSync(path.join(org, 'email/assigned.subject.njk'), 'Fixed {{ task.key }}');
    expect(fixing.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'Fixed NS-1042',
    );
  });
  it('renders from the compiled template and reads an edited file again once the freshness time has passed', () => {
    const org = templatesDir({ 'email/assigned.subject.njk': 'First {{ task.key }}' });
    let now = 1_000_000;
    const cached = new TemplateRenderer({ northside: org }, [], () => now);
    expect(cached.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'First NS-1042',
    );
    fs.writeFileSync(path.join(org, 'email/assigned.subject.njk'), 'Second {{ task.key }}');
    expect(cached.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'First NS-1042',
    );
    now += TEMPLATE_FRESHNESS_MS;
    expect(cached.render('northside', 'email', 'assigned', 'subject', SAMPLE_CONTEXTS.assigned)).toBe(
      'Second NS-1042',
    );
  });
});
