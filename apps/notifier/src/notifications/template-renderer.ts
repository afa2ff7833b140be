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
      throw new OrgoError('TEMPLATE.RENDER_FAILED', `Template '${name}' for ${organization} could not be rendered: ${(error as Error).message}`, {
        retryable: false,
        template: name,
      });
    }
  }

  private environment(organization: string): nunjucks.Environment {
    let env = this.environments.get(organization);
    if (!env) {
      const dirs = [this.organizationDirs[organization], ...this.domainDirs, BUILTIN_TEMPLATES].filter(
        (d): d is string => typeof d === 'string' && fs.existsSync(d),
      );
      env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dirs, { noCache: false }), {
        autoescape: false,
        throwOnUndefined: true,
        trimBlocks: true,
        lstripBlocks: true,
      });
      this.environments.set(organization, env);
    }
    return env;
  }
}
