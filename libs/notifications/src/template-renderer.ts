import fs from 'node:fs';
import path from 'node:path';

import { OrgoError } from '@orgo/domain';
import nunjucks from 'nunjucks';

import type { TemplateMedium, TemplatePart } from './notification-context';

/** The built-in templates: `templates/<medium>/<purpose>.<part>.njk` of this library. */
export const BUILTIN_TEMPLATES = path.join(__dirname, '..', 'templates');

/** The file name of a template, relative to a templates folder. */
export function templateName(medium: TemplateMedium, purpose: string, part: TemplatePart): string {
  return `${medium}/${purpose}.${part}.njk`;
}

/** A strict Nunjucks environment over `dirs`, first match wins: a placeholder with no value throws. */
export function strictEnvironment(dirs: string[]): nunjucks.Environment {
  const existing = dirs.filter((d) => fs.existsSync(d));
  return new nunjucks.Environment(new nunjucks.FileSystemLoader(existing, { noCache: true }), { autoescape: false, throwOnUndefined: true });
}

/** The `{{ … }}` at the line and column nunjucks reports for an undefined value, so an error names the placeholder. */
export function placeholderAt(source: string, message: string): string | null {
  const at = /\[Line (\d+), Column (\d+)\]/.exec(message);
  if (!at || !/undefined|null/.test(message)) return null;
  const line = source.split('\n')[Number(at[1]) - 1] ?? '';
  const start = line.lastIndexOf('{{', Number(at[2]));
  const end = line.indexOf('}}', start);
  return start >= 0 && end > start ? line.slice(start, end + 2) : null;
}

/** Nunjucks's message without its location prefix and line breaks. */
export function renderProblem(message: string): string {
  return message.replace(/\s+/g, ' ').replace(/^\(.*?\)\s*/, '').trim();
}

/**
 * Renders notification templates with Nunjucks, strictly: a placeholder with no value is an error,
 * never an empty string in a sent message. Templates are looked up per organization: its own
 * `templates/` folder, then the domains' `templates/` folders, then the built-in ones.
 */
export class TemplateRenderer {
  private readonly environments = new Map<string, nunjucks.Environment>();

  constructor(
    private readonly organizationDirs: Record<string, string>,
    private readonly domainDirs: string[],
  ) {}

  /** The rendered part; a subject is folded onto one line. Throws `TEMPLATE.RENDER_FAILED` naming the template and placeholder. */
  render(organization: string, medium: TemplateMedium, purpose: string, part: TemplatePart, context: object): string {
    const name = templateName(medium, purpose, part);
    try {
      const text = this.environment(organization).render(name, context);
      return part === 'subject' ? text.replace(/\s+/g, ' ').trim() : text;
    } catch (error) {
      const message = (error as Error).message;
      const placeholder = placeholderAt(this.source(organization, name), message);
      const what = placeholder ? `the placeholder ${placeholder} has no value` : renderProblem(message);
      // Retryable: templates are read afresh each time, so a fixed file lets a retry (or a replay) succeed.
      throw new OrgoError('TEMPLATE.RENDER_FAILED', `Template '${name}' for ${organization} could not be rendered: ${what}`, {
        template: name,
        ...(placeholder ? { placeholder } : {}),
      });
    }
  }

  /** Whether the organization has this template (its own, a domain's or a built-in one). */
  has(organization: string, medium: TemplateMedium, purpose: string, part: TemplatePart): boolean {
    const name = templateName(medium, purpose, part);
    return this.dirs(organization).some((dir) => fs.existsSync(path.join(dir, name)));
  }

  private source(organization: string, name: string): string {
    const dir = this.dirs(organization).find((d) => fs.existsSync(path.join(d, name)));
    try {
      return dir ? fs.readFileSync(path.join(dir, name), 'utf8') : '';
    } catch {
      return '';
    }
  }

  private dirs(organization: string): string[] {
    return [this.organizationDirs[organization], ...this.domainDirs, BUILTIN_TEMPLATES].filter((d): d is string => typeof d === 'string');
  }

  private environment(organization: string): nunjucks.Environment {
    let env = this.environments.get(organization);
    if (!env) {
      env = strictEnvironment(this.dirs(organization));
      this.environments.set(organization, env);
    }
    return env;
  }
}
