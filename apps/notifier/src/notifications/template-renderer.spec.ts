import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { OrgoError } from '@orgo/domain';

import { TemplateRenderer } from './template-renderer';

const task = {
  key: 'NS-12',
  label: '1001.81.Ops.Maintenance',
  title: 'Water leak in room 102',
  type: 'maintenance',
  subtype: 'plumbing',
  priority: 'high',
  reporter: 'secretary@northside.example',
  description: 'The ceiling drips.',
  status: 'pending',
  escalation: { next_due_at: '2026-11-23T12:00:00.000Z' },
};

describe('TemplateRenderer', () => {
  it('renders the built-in subject with key and label', () => {
    const renderer = new TemplateRenderer({}, []);
    expect(renderer.render('northside', 'email', 'assigned', 'subject', { task })).toBe(
      '[NS-12 · 1001.81.Ops.Maintenance] Water leak in room 102',
    );
  });

  it('fails on a missing placeholder instead of sending an empty string', () => {
    const renderer = new TemplateRenderer({}, []);
    expect(() => renderer.render('northside', 'email', 'assigned', 'text', { task })).toThrow(OrgoError);
    expect(() => renderer.render('northside', 'email', 'assigned', 'text', { task })).toThrow(/the placeholder \{\{ position \}\} has no value/);
  });

  it('prefers the organization template over the built-in one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-templates-'));
    fs.mkdirSync(path.join(dir, 'email'));
    fs.writeFileSync(path.join(dir, 'email', 'assigned.subject.njk'), 'Northside: {{ task.key }}');
    const renderer = new TemplateRenderer({ northside: dir }, []);
    expect(renderer.render('northside', 'email', 'assigned', 'subject', { task })).toBe('Northside: NS-12');
    expect(renderer.render('other', 'email', 'assigned', 'subject', { task })).toContain('[NS-12');
  });
});
