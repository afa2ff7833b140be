import { ANONYMOUS_REPORTER_DOMAIN, type EmailParsedV1 } from '@orgo/contracts';
import type { OrganizationModel } from '@orgo/domain';

/** The template purpose an `acknowledge: true` rule answers the sender with. */
export const DEFAULT_ACKNOWLEDGEMENT_TEMPLATE = 'acknowledgement';

/** A template name a rule's `acknowledge` may give: the file stem of `<medium>/<name>.<part>.njk`. */
export const TEMPLATE_NAME = /^[a-z][a-z0-9_]*$/;

/** What the validation of `action.acknowledge` expects, said once for the rule check and the docs. */
export const ACKNOWLEDGE_EXPECTED =
  "true, false or a template name (lower-case letters, digits and _, starting with a letter, e.g. 'acknowledgement' or 'hr_receipt')";

/** The rule-engine's answer to a rule's `acknowledge` (SPEC §5), as `TaskCreateCommandV1.acknowledgement` carries it. */
export type AcknowledgementDecision = { send: true; template: string } | { send: false; reason: string };

/**
 * Whether the sender gets a receipt with the task key (SPEC §5 `acknowledge`, §6 Mail hygiene): null
 * when no matched rule asked for one (absent or `false`); otherwise `{ send: true, template }` — `true`
 * means the template `acknowledgement`, a name means that template — unless the mail must never be
 * answered automatically: an automatic reply, bulk or list mail, a bounce, Orgo's own mail, or mail
 * from one of the organization's own role addresses (answering it would start a loop), or an
 * anonymous web report (its From identifies nobody and cannot be delivered). Then
 * `{ send: false, reason }` says which.
 */
export function decideAcknowledgement(
  acknowledge: boolean | string | undefined,
  email: Pick<EmailParsedV1, 'from' | 'autoSubmitted' | 'bulk' | 'bounce' | 'fromOrgo'>,
  organization: Pick<OrganizationModel, 'roles'>,
): AcknowledgementDecision | null {
  if (acknowledge === undefined || acknowledge === false) return null;
  const template = acknowledge === true ? DEFAULT_ACKNOWLEDGEMENT_TEMPLATE : acknowledge;
  const reason = whyNotAnswered(email, organization);
  return reason === null ? { send: true, template } : { send: false, reason };
}

/** Why the sender of this mail must not be answered automatically, or null when they may be. */
function whyNotAnswered(
  email: Pick<EmailParsedV1, 'from' | 'autoSubmitted' | 'bulk' | 'bounce' | 'fromOrgo'>,
  organization: Pick<OrganizationModel, 'roles'>,
): string | null {
  if (email.fromOrgo) return "from_orgo: the mail is Orgo's own (X-Orgo-Origin); answering it would start a loop";
  if (email.bounce) return 'bounce: the mail is a delivery failure report; it is never answered';
  if (email.autoSubmitted) return 'auto_submitted: the mail is an automatic reply (Auto-Submitted, X-Autoreply); it is never answered';
  if (email.bulk) return 'bulk: the mail is bulk or list mail (Precedence, List-Id, List-Unsubscribe); it is never answered';
  const sender = email.from.address.toLowerCase();
  if (sender.endsWith(`@${ANONYMOUS_REPORTER_DOMAIN}`)) return 'anonymous: the report came anonymously through the web form; there is nobody to answer';
  const role = organization.roles.find((r) => r.addresses.some((a) => a.toLowerCase() === sender));
  if (role) return `own_address: the sender ${sender} is a role address of the organization (role ${role.id}); answering it would start a loop`;
  return null;
}
