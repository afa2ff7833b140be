import fs from 'node:fs';
import path from 'node:path';

import { OrgoError } from '@orgo/domain';
import nunjucks from 'nunjucks';

export const BUILTIN_TEMPLATES = path.join(__dirname, '..', 'templates');

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

  render(organization: string, medium: string, purpose: string, part: 'subject' | 'text', context: object): string {
    const name = `${medium}/${purpose}.${part}.njk`;
    try {
      const text = this.environment(organization).render(name, context);
      return part === 'subject' ? text.replace(/\s+/g, ' ').trim() : text;
    } catch (error) {
      const placeholder = this.placeholderAt(organization, name, (error as Error).message);
      const what = placeholder ? `the placeholder ${placeholder} has no value` : (error as Error).message.replace(/\s+/g, ' ');
      // Retryable: templates are read afresh each time, so a fixed file lets a retry (or a replay) succeed.
      throw new OrgoError('TEMPLATE.RENDER_FAILED', `Template '${name}' for ${organization} could not be rendered: ${what}`, {
        template: name,
        ...(placeholder ? { placeholder } : {}),
      });
    }
  }

  /** The `{{ … }}` at the line and column nunjucks reports, so the error names the placeholder. */
  private placeholderAt(organization: string, name: string, message: string): string | null {
    const at = /\[Line (\d+), Column (\d+)\]/.exec(message);
    if (!at || !/undefined|null/.test(message)) return null;
    try {
      const source = (this.environment(organization).getTemplate(name) as unknown as { tmplStr: string }).tmplStr;
      const line = source.split('\n')[Number(at[1]) - 1] ?? '';
      const column = Number(at[2]);
      const start = line.lastIndexOf('{{', column);
      const end = line.indexOf('}}', start);
      return start >= 0 && end > start ? line.slice(start, end + 2) : null;
    } catch {
      return null;
    }
  }

  private environment(organization: string): nunjucks.Environment {
    let env = this.environments.get(organization);
    if (!env) {
      const dirs = [this.organizationDirs[organization], ...this.domainDirs, BUILTIN_TEMPLATES].filter(
        (d): d is string => typeof d === 'string' && fs.existsSync(d),
      );
      env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dirs, { noCache: true }), {
        autoescape: false,
        throwOnUndefined: true,
      });
      this.environments.set(organization, env);
    }
    return env;
  }
}
