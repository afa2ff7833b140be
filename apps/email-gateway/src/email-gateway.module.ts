import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { ArchiveImportController } from './archive-import/archive-import.controller';
import { DropFolderIntake } from './drop-folder/drop-folder.intake';
import { EmailIntakeHealth } from './email-intake.health';
import { ImapIntake } from './imap/imap-intake.service';
import { MailboxCursorEntity } from './imap/mailbox-cursor.entity';
import { MailboxCursorRepository } from './imap/mailbox-cursor.repository';
import { EmailGatewaySchema1732406400001 } from './migrations/1732406400001-email-gateway-schema';
import { MailboxCursors1732665600010 } from './migrations/1732665600010-mailbox-cursors';
import { RawMessageEntity } from './raw-messages/raw-message.entity';
import { RawMessageReadConsumer } from './raw-messages/raw-message-read.consumer';
import { RawMessageService } from './raw-messages/raw-message.service';
import { RawMessageSealingJob } from './raw-messages/raw-message-sealing.job';
import { SmtpIntake } from './smtp/smtp-intake.service';

/** The tables this service owns, the migrations that create them, and the columns that hold sealed values. */
export const EMAIL_GATEWAY_STORAGE: ServiceStorage = {
  entities: [MailboxCursorEntity, RawMessageEntity],
  migrations: [EmailGatewaySchema1732406400001, MailboxCursors1732665600010],
  sealed: [{ table: 'raw_messages', primaryKey: ['id'], columns: ['raw'] }],
};

/** email-gateway: intake (drop folders, IMAP mailboxes, the SMTP listener), raw store, dedupe. */
@Module({})
export class EmailGatewayModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: EmailGatewayModule,
      imports: [ServiceRuntimeModule.register(context, EMAIL_GATEWAY_STORAGE)],
      controllers: [ArchiveImportController, RawMessageReadConsumer],
      providers: [DropFolderIntake, EmailIntakeHealth, ImapIntake, MailboxCursorRepository, RawMessageSealingJob, RawMessageService, SmtpIntake],
      exports: [RawMessageService],
    };
  }
}
