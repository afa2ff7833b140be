import { Inject, Injectable } from '@nestjs/common';
import { organizationBySlug, parserSettingsFrom } from '@orgo/config';
import type { RuleDryRunV1, RuleListV1, RulesListQueryV1, RulesTestQueryV1 } from '@orgo/contracts';
import { OrganizationDirectory, type OrganizationModel, OrgoError } from '@orgo/domain';
import { chooseMailbox, parseRawEmail, triageAddress } from '@orgo/mail-parsing';
import { dryRunEmail, ruleList } from '@orgo/rules';
import { RuleSetRegistry, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';


/**
 * Dry runs and rule listings for the API (SPEC §5, §7): the rules this replica routes with now, on a
 * message parsed by the parser's own code. Creates and records nothing.
 */
@Injectable()
export class RuleDryRunService {
  constructor(
    private readonly ruleSets: RuleSetRegistry,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  async test(query: RulesTestQueryV1): Promise<RuleDryRunV1> {
    const model = this.visible(query.organization, query.scope);
    const raw = Buffer.from(query.rawBase64, 'base64');
    const settings = parserSettingsFrom(this.context.config.services);
    if (raw.length === 0) throw new OrgoError('EMAIL.EMPTY', 'The message is empty: send the raw email text (raw) or its base64 (raw_base64).');
    if (raw.length > settings.maxMessageBytes) {
      throw new OrgoError('EMAIL.TOO_LARGE', `The message has ${raw.length} bytes, more than max_message_bytes (${settings.maxMessageBytes}): the parser would quarantine it.`);
    }
    const mailbox = chooseMailbox(raw, model, query.mailbox?.trim().toLowerCase() || null, triageAddress(model) ?? '');
    const email = await parseRawEmail(raw, { emailId: 'dry-run', mailbox, messageId: null, receivedAt: new Date().toISOString() }, settings);
    return dryRunEmail(this.ruleSets.forOrganization(model.slug), email, model, new OrganizationDirectory(model));
  }

  list(query: RulesListQueryV1): RuleListV1 {
    return ruleList(this.ruleSets.forOrganization(this.visible(query.organization, query.scope).slug));
  }

  /** An organization outside the caller's scope is reported exactly like an unknown one. */
  private visible(slug: string, scope: string[] | null): OrganizationModel {
    const model = scope === null || scope.includes(slug) ? organizationBySlug(this.context.config, slug) : undefined;
    if (!model) throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${slug}' you may see; check the slug (the folder under organizations/)`, { slug });
    return model;
  }
}
