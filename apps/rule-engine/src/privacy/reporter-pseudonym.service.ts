import { Inject, Injectable } from '@nestjs/common';
import type { ReporterPseudonymizeRequestV1, ReporterPseudonymizeResponseV1 } from '@orgo/contracts';
import { OrgoError } from '@orgo/domain';
import { scrubIdentity, scrubSubject } from '@orgo/privacy';
import { TransactionRunner } from '@orgo/persistence';
import { LOGGER, SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';
import type { Logger } from 'pino';

import { PseudonymizerService } from './pseudonymizer.service';

/**
 * A sensitive report filed by hand (`POST /api/v1/tasks`, `sensitive: true`; SPEC §6 Privacy): the
 * person gets their stable pseudonym in the organization — the same a sensitive mail from their
 * address gets — with the identity sealed here for a privacy officer's reveal, and the text is
 * scrubbed of their address, name and phone numbers as a sensitive mail's is.
 */
@Injectable()
export class ReporterPseudonymService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly pseudonyms: PseudonymizerService,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async pseudonymize(request: ReporterPseudonymizeRequestV1): Promise<ReporterPseudonymizeResponseV1> {
    const { organization } = request;
    if (!this.context.config.organizations.some((o) => o.slug === organization)) {
      throw new OrgoError('ORGANIZATION.NOT_FOUND', `No organization '${organization}' is configured`, { organization });
    }
    const who = { address: request.address, name: request.name };
    const reporter = await this.tx.run((manager) => this.pseudonyms.assignReporter(manager, organization, who));
    const scrubbing = { ...who, pseudonym: reporter.pseudonym };
    this.logger.info({ organization, pseudonym: reporter.pseudonym, isNew: reporter.isNew }, 'sensitive reporter of a manual task known by a pseudonym');
    return {
      pseudonym: reporter.pseudonym,
      title: scrubSubject(request.title, scrubbing) || '(no subject)',
      description: scrubIdentity(request.description, scrubbing).text,
    };
  }
}
