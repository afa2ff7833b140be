import type { EmailReceivedV1 } from '../email/email-received';

/**
 * Where the web intake's reports enter (SPEC §6 Mail hygiene: "the same kind of task through the
 * same rules"): the api-gateway builds an RFC 5322 message and offers it over `rpc.email.accept`
 * (EMAIL_IMPORT_RPC.accept) with this source, so it takes the path of every mail.
 */
export const WEB_FORM_SOURCE: EmailReceivedV1['source'] = 'web_form';

/**
 * The header that marks a message built from the web form (value `report` or `follow_up`). Persisted
 * name: stored raw messages carry it.
 */
export const WEB_FORM_HEADER = 'X-Orgo-Intake';

/**
 * The domain of the From of an anonymous web report: `.invalid` can never be delivered (RFC 2606),
 * so the address identifies nobody and nothing is ever sent to it (acknowledgements are refused).
 */
export const ANONYMOUS_REPORTER_DOMAIN = 'anonymous.invalid';
