import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { AttachmentContentEntity } from './attachments/attachment-content.entity';
import { AttachmentContentConsumer } from './attachments/attachment-content.consumer';
import { EmailReadConsumer } from './email-read/email-read.consumer';
import { EmailReadService } from './email-read/email-read.service';
import { ParserSchema1732406400002 } from './migrations/1732406400002-parser-schema';
import { ParserQuarantineReplay1732665600000 } from './migrations/1732665600000-parser-quarantine-replay';
import { ParserSealedIdentities1764720000000 } from './migrations/1764720000000-parser-sealed-identities';
import { ParserAttachmentContents1765238400000 } from './migrations/1765238400000-parser-attachment-contents';
import { EmailIntakeService } from './parsing/email-intake.service';
import { ParseAhead } from './parsing/parse-ahead';
import { ParsedEmailEntity } from './parsing/parsed-email.entity';
import { ParserConsumer } from './parsing/parser.consumer';
import { parserSettingsProviders } from './parsing/parser-settings.provider';
import { ParserService } from './parsing/parser.service';
import { PlaintextSealingJob } from './privacy/plaintext-sealing.job';
import { PseudonymousSenderEntity } from './privacy/pseudonymous-sender.entity';
import { ReporterPseudonymizedConsumer } from './privacy/reporter-pseudonymized.consumer';
import { ReporterPseudonymizedService } from './privacy/reporter-pseudonymized.service';
import { QuarantineService } from './quarantine/quarantine.service';
import { QuarantinedEmailEntity } from './quarantine/quarantined-email.entity';

/** The tables this service owns, the migrations that create them, and the columns that hold sealed values. */
export const PARSER_STORAGE: ServiceStorage = {
  entities: [ParsedEmailEntity, PseudonymousSenderEntity, QuarantinedEmailEntity, AttachmentContentEntity],
  migrations: [ParserSchema1732406400002, ParserQuarantineReplay1732665600000, ParserSealedIdentities1764720000000, ParserAttachmentContents1765238400000],
  sealed: [
    { table: 'parsed_emails', primaryKey: ['email_id'], columns: ['parsed'] },
    { table: 'quarantined_emails', primaryKey: ['email_id'], columns: ['sender', 'subject', 'message', 'raw_base64'] },
    { table: 'attachment_contents', primaryKey: ['sha256'], columns: ['content_base64'] },
  ],
};

/** parser: raw message → normalized email, or quarantine with a reason (listed and replayed over RPC); one email read over RPC. */
@Module({})
export class ParserModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: ParserModule,
      imports: [ServiceRuntimeModule.register(context, PARSER_STORAGE)],
      controllers: [AttachmentContentConsumer, EmailReadConsumer, ParserConsumer, ReporterPseudonymizedConsumer],
      providers: [...parserSettingsProviders, EmailIntakeService, EmailReadService, ParseAhead, ParserService, PlaintextSealingJob, QuarantineService, ReporterPseudonymizedService],
    };
  }
}
