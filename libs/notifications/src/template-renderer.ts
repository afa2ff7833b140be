import fs from 'node:fs';
import path from 'node:path';

import { OrgoError } from '@orgo/domain';
import nunjucks from 'nunjucks';

import { type TemplateMedium, type TemplatePart, partsOf } from './notification-context';

/** The built-in templates: `templates/<medium>/<purpose>.<part>.njk` of this library. */
export const BUILTIN_TEMPLATES = path.join(__dirname, '..', 'templates');

/** The file name of a template, relative to a templates folder. */
export function templateName(medium: TemplateMedium, purpose: string, part: TemplatePart): string {
  return `${medium}/${purpose}.${part}.njk`;
}

/**
 * A strict Nunjucks environment over `dirs`, first match wins: a placeholder with no value throws.
 * With `cache`, each template is read and compiled once for the environment's life; without it,
 * on every render (what a one-off check wants).
 */
export function strictEnvironment(dirs: string[], options: { cache?: boolean } = {}): nunjucks.Environment {
  const existing = dirs.filter((d) => fs.existsSync(d));
  return new nunjucks.Environment(new nunjucks.FileSystemLoader(existing, { noCache: options.cache !== true }), { autoescape: false, throwOnUndefined: true });
}

/** How long a compiled template is used before its files are read again (an edit shows within this). */
export const TEMPLATE_FRESHNESS_MS = 1000;

/** Where and why a template failed to render, read from Nunjucks's error. */
export interface RenderFailure {
  /** The file the error is in (an included partial rather than the template that includes it), when known. */
  file: string | null;
  line: number | null;
  /** The `{{ … }}` that had no value, when that was the problem. */
  placeholder: string | null;
  /** Nunjucks's message without its location prefixes. */
  problem: string;
}

/**
 * Reads a Nunjucks error: the innermost `(file) [Line n, Column m]` it reports (`file` when it names
 * none), and for an undefined value the `{{ … }}` at that place of the file, so a message names it.
 */
export function describeRenderError(error: unknown, file: string | null): RenderFailure {
  const message = error instanceof Error ? error.message : String(error);
  const located = [...message.matchAll(/(?:\(([^()]*)\)\s*)?\[Line (\d+), Column (\d+)\]/g)].pop();
  const where = located?.[1] && fs.existsSync(located[1]) ? located[1] : file;
  const line = located ? Number(located[2]) : null;
  const problem = message
    .replace(/Template render error:\s*(\([^()]*\))?/g, '')
    .replace(/(\([^()]*\)\s*)?\[Line \d+, Column \d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let placeholder: string | null = null;
  if (located && where && /undefined|null/.test(problem)) {
    try {
      const text = fs.readFileSync(where, 'utf8').split('\n')[Number(located[2]) - 1] ?? '';
      const start = text.lastIndexOf('{{', Number(located[3]));
      const end = text.indexOf('}}', start);
      placeholder = start >= 0 && end > start ? text.slice(start, end + 2) : null;
    } catch {
      placeholder = null;
    }
  }
  return { file: where, line, placeholder, problem };
}

/**
 * Renders notification templates with Nunjucks, strictly: a placeholder with no value is an error,
 * never an empty string in a sent message. Templates are looked up per organization: its own
 * `templates/` folder, then the `templates/` folders of the domains it uses (`domainDirs`: the
 * same for all, or per organization), then the built-in ones.
 *
 * Each template is compiled once and rendered from its compiled form; the compiled set of an
 * organization is dropped after `TEMPLATE_FRESHNESS_MS` (an edited file shows within a second) and
 * at once when a render fails (a fixed file is read by the retry).
 */
export class TemplateRenderer {
  private readonly environments = new Map<string, { env: nunjucks.Environment; until: number }>();

  constructor(
    private readonly organizationDirs: Record<string, string>,
    private readonly domainDirs: string[] | ((organization: string) => string[]),
    private readonly now: () => number = Date.now,
  ) {}

  /** The rendered part; a subject is folded onto one line. Throws `TEMPLATE.RENDER_FAILED` naming the template and placeholder. */
  render(organization: string, medium: TemplateMedium, purpose: string, part: TemplatePart, context: object): string {
    const name = templateName(medium, purpose, part);
    try {
      const text = this.environment(organization).render(name, context);
      return part === 'subject' ? text.replace(/\s+/g, ' ').trim() : text;
    } catch (error) {
      this.environments.delete(organization);
      const failure = describeRenderError(error, this.file(organization, name));
      const what = failure.placeholder ? `the placeholder ${failure.placeholder} has no value` : failure.problem;
      const partial = failure.file && !failure.file.endsWith(name) ? ` (in ${failure.file})` : '';
      // Retryable: the failed template is read afresh next time, so a fixed file lets a retry (or a replay) succeed.
      throw new OrgoError('TEMPLATE.RENDER_FAILED', `Template '${name}' for ${organization} could not be rendered: ${what}${partial}`, {
        template: name,
        ...(failure.placeholder ? { placeholder: failure.placeholder } : {}),
      });
    }
  }

  /** A message's subject (none for SMS: empty) and body, each rendered strictly. */
  renderMessage(organization: string, medium: TemplateMedium, purpose: string, context: object): { subject: string; body: string } {
    return {
      subject: partsOf(medium).includes('subject') ? this.render(organization, medium, purpose, 'subject', context) : '',
      body: this.render(organization, medium, purpose, 'text', context),
    };
  }

  /** Whether the organization has this template (its own, a domain's or a built-in one). */
  has(organization: string, medium: TemplateMedium, purpose: string, part: TemplatePart): boolean {
    return this.file(organization, templateName(medium, purpose, part)) !== null;
  }

  /** The file the organization's lookup finds for a template, or null. */
  private file(organization: string, name: string): string | null {
    const dir = this.dirs(organization).find((d) => fs.existsSync(path.join(d, name)));
    return dir ? path.join(dir, name) : null;
  }

  private dirs(organization: string): string[] {
    const domains = typeof this.domainDirs === 'function' ? this.domainDirs(organization) : this.domainDirs;
    return [this.organizationDirs[organization], ...domains, BUILTIN_TEMPLATES].filter((d): d is string => typeof d === 'string');
  }

  private environment(organization: string): nunjucks.Environment {
    const now = this.now();
    let held = this.environments.get(organization);
    if (!held || held.until <= now) {
      held = { env: strictEnvironment(this.dirs(organization), { cache: true }), until: now + TEMPLATE_FRESHNESS_MS };
      this.environments.set(organization, held);
    }
    return held.env;
  }
}
