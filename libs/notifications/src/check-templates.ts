import fs from 'node:fs';
import path from 'node:path';

import type { NotificationPurpose } from '@orgo/contracts';
import type { ValidationIssue } from '@orgo/domain';

import { ALL_PURPOSES, type NotificationContext, TEMPLATE_MEDIA, type TemplateMedium, type TemplatePart, mediaOf, partsOf } from './notification-context';
import { SAMPLE_CONTEXTS, sparseContext } from './sample-contexts';
import { BUILTIN_TEMPLATES, describeRenderError, strictEnvironment, templateName } from './template-renderer';

export interface CheckTemplatesInput {
  /** Organization slug → its `templates/` folder (`OrgoConfig.templateDirs.organization`). */
  organizationDirs: Record<string, string>;
  /** The domains' `templates/` folders, in lookup order. */
  domainDirs: string[];
  /** Every organization's slug: each is checked with the templates it would use. */
  organizations: string[];
  /** The configuration folder: file names in issues are shown relative to it. */
  configDir?: string;
  /** Rules whose `acknowledge` names a template of its own: each needs its email subject and text. */
  acknowledgements?: AcknowledgementTemplateUse[];
}

/** A rule answering the sender with a template it names (`acknowledge: hr_receipt`). */
export interface AcknowledgementTemplateUse {
  organization: string;
  template: string;
  rule: string;
  /** The rule file, relative to the configuration folder. */
  file: string;
}

const TEMPLATE_FILE = /^([^/]+)\/([^/]+)\.([^/.]+)\.njk$/;
/** The name of a template of its own (`hr_receipt`), as a rule's `acknowledge` gives it. */
const CUSTOM_NAME = /^[a-z][a-z0-9_]*$/;
const CONTEXT_KEYS = 'task, organization, position, previous, event, recipient, due_at, and items (digest), rule (time_rule) or review (review_report)';

interface Template {
  medium: TemplateMedium;
  /** A purpose, or the name of a template of its own (rendered with the acknowledgement's sample). */
  purpose: string;
  part: TemplatePart;
}

const ALL_TEMPLATES: Template[] = ALL_PURPOSES.flatMap((purpose) =>
  mediaOf(purpose).flatMap((medium) => partsOf(medium).map((part) => ({ medium, purpose, part }))),
);

/** Files below a folder, relative to it with forward slashes. */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

/** What is wrong with the name of an override file, or null for `<medium>/<purpose>.<part>.njk` (or a partial `_name.njk`). */
function fileNameProblem(relative: string): { expected: string; hint: string } | null {
  if (/(^|\/)_[^/]*\.njk$/.test(relative)) return null;
  const match = TEMPLATE_FILE.exec(relative);
  const expected = `a file named <medium>/<purpose>.<part>.njk (media: ${TEMPLATE_MEDIA.join(', ')}; parts: subject, text; sms has text only)`;
  if (!match) return { expected, hint: 'rename or move it; a file included by other templates starts with _ (such as email/_footer.njk)' };
  const [, medium, purpose, part] = match;
  if (!(TEMPLATE_MEDIA as readonly string[]).includes(medium)) return { expected, hint: `'${medium}' is not a medium: use a folder ${TEMPLATE_MEDIA.join(', ')}` };
  if (!(partsOf(medium as TemplateMedium) as readonly string[]).includes(part)) {
    return { expected, hint: medium === 'sms' ? 'an SMS has no subject: put everything in sms/<purpose>.text.njk' : `'${part}' is not a part: use subject or text` };
  }
  if (!(ALL_PURPOSES as readonly string[]).includes(purpose) && !CUSTOM_NAME.test(purpose)) {
    return { expected, hint: `'${purpose}' is neither a purpose (${ALL_PURPOSES.join(', ')}) nor a template name a rule's acknowledge can give (lower-case letters, digits and _)` };
  }
  if (!mediaOf(purpose).includes(medium as TemplateMedium)) {
    return { expected, hint: `'${purpose}' goes by ${mediaOf(purpose).join(', ')} only: move it to ${mediaOf(purpose)[0]}/${purpose}.${part}.njk or remove it` };
  }
  return null;
}

/** The templates of their own (`email/hr_receipt.text.njk`) in a folder: valid names that are no purpose. */
function customTemplatesIn(dir: string): Template[] {
  return filesIn(dir).flatMap((relative) => {
    const match = TEMPLATE_FILE.exec(relative);
    if (!match || fileNameProblem(relative) || (ALL_PURPOSES as readonly string[]).includes(match[2])) return [];
    return [{ medium: match[1] as TemplateMedium, purpose: match[2], part: match[3] as TemplatePart }];
  });
}

/**
 * Renders every notification template with sample data, strictly (SPEC §6, §7 `orgo config
 * check`): the built-in ones, every domain and organization override, and for each organization the
 * set it would use; templates of their own (named by a rule's `acknowledge`) with the
 * acknowledgement's sample. Each problem names the file, the line and the placeholder, and says what
 * to do; an override file whose name is no template's, and a rule naming a template its organization
 * does not have, are reported too. No issue means every template renders.
 */
export function checkTemplates(input: CheckTemplatesInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const report = (issue: ValidationIssue) => {
    const key = JSON.stringify(issue);
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  /** A file as a person finds it: relative to the configuration folder, or marked built-in. */
  const display = (file: string) => {
    const builtin = path.relative(BUILTIN_TEMPLATES, file);
    if (!builtin.startsWith('..') && !path.isAbsolute(builtin)) return `built-in template ${builtin.split(path.sep).join('/')}`;
    const fromConfig = input.configDir ? path.relative(input.configDir, file) : '';
    return fromConfig && !fromConfig.startsWith('..') && !path.isAbsolute(fromConfig) ? fromConfig.split(path.sep).join('/') : file;
  };

  const overrideDirs = [...input.organizations.map((slug) => input.organizationDirs[slug]).filter((d): d is string => Boolean(d)), ...input.domainDirs];
  for (const dir of new Set(overrideDirs)) {
    for (const relative of filesIn(dir)) {
      const problem = fileNameProblem(relative);
      if (problem) report({ file: display(path.join(dir, relative)), path: '', expected: problem.expected, found: `'${relative}'`, hint: problem.hint });
    }
  }

  // Each folder first in the lookup (so a shadowed override is checked too), then each organization's own stack.
  const stacks: string[][] = [
    [BUILTIN_TEMPLATES],
    ...input.domainDirs.map((dir) => [dir, ...input.domainDirs.filter((d) => d !== dir), BUILTIN_TEMPLATES]),
    ...input.organizations.map((slug) => [input.organizationDirs[slug], ...input.domainDirs, BUILTIN_TEMPLATES].filter((d): d is string => Boolean(d))),
  ];
  for (const stack of stacks) {
    const env = strictEnvironment(stack);
    const customs = stack.flatMap(customTemplatesIn);
    for (const { medium, purpose, part } of [...ALL_TEMPLATES, ...customs]) {
      const name = templateName(medium, purpose, part);
      const dir = stack.find((d) => fs.existsSync(path.join(d, name)));
      if (!dir) {
        report({ file: display(path.join(stack[0], name)), path: '', expected: `the ${medium} ${part} template for '${purpose}'`, found: 'no such template', hint: 'the built-in templates are incomplete; reinstall Orgo' });
        continue;
      }
      const sample = sampleFor(purpose);
      const samples: [string, NotificationContext][] = [
        [`the sample '${purpose}' notification`, sample],
        [`a '${purpose}' notification of a task with no subtype, severity or deadline`, sparseContext(sample)],
      ];
      for (const [which, context] of samples) {
        const issue = renderIssue(env, name, context, which, path.join(dir, name));
        if (issue) {
          report({ ...issue, file: display(issue.file) });
          break;
        }
      }
    }
  }

  for (const use of input.acknowledgements ?? []) {
    const stack = [input.organizationDirs[use.organization], ...input.domainDirs, BUILTIN_TEMPLATES].filter((d): d is string => Boolean(d));
    const missing = partsOf('email')
      .map((part) => templateName('email', use.template, part))
      .filter((name) => !stack.some((d) => fs.existsSync(path.join(d, name))));
    if (missing.length === 0) continue;
    report({
      file: use.file,
      rule: use.rule,
      path: 'action.acknowledge',
      expected: `a template ${use.organization} has: email/${use.template}.subject.njk and email/${use.template}.text.njk`,
      found: `no ${missing.join(' and no ')}`,
      hint: `add them under organizations/${use.organization}/templates/ or a domain's templates/, or write acknowledge: true for the built-in acknowledgement`,
    });
  }
  return issues;
}

/**
 * The sample a template is checked with: its purpose's, the acknowledgement's for a template of its
 * own, and for a digest and a review report no `task` (a digest gathers several tasks: its templates
 * get `items`; a report is about a period: `review`).
 */
function sampleFor(purpose: string): NotificationContext {
  if (purpose === 'digest' || purpose === 'review_report') {
    const { task: _task, ...rest } = SAMPLE_CONTEXTS[purpose];
    return rest as NotificationContext;
  }
  return SAMPLE_CONTEXTS[(ALL_PURPOSES as readonly string[]).includes(purpose) ? (purpose as NotificationPurpose) : 'acknowledgement'];
}

/** The problem rendering one template with one context (in the file where it is: the template or a partial it includes), or null. */
function renderIssue(env: ReturnType<typeof strictEnvironment>, name: string, context: NotificationContext, which: string, file: string): (ValidationIssue & { file: string }) | null {
  try {
    env.render(name, context);
    return null;
  } catch (error) {
    const failure = describeRenderError(error, file);
    const where = { file: failure.file ?? file, path: failure.line ? `line ${failure.line}` : '' };
    const via = where.file === file ? '' : ` (included by ${name})`;
    if (failure.placeholder) {
      return {
        ...where,
        expected: `placeholders the notification provides (${CONTEXT_KEYS})`,
        found: `the placeholder ${failure.placeholder}, which has no value in ${which}${via}`,
        hint: 'fix its name, or wrap an optional value in {% if … %}…{% endif %}',
      };
    }
    return { ...where, expected: 'a template Nunjucks can render', found: failure.problem + via, hint: `it failed on ${which}; see https://mozilla.github.io/nunjucks/templating.html` };
  }
}
