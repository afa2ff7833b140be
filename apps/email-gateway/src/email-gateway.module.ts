import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { ArchiveImportController } from './archive-import/archive-import.controller';
import { DropFolderIntake } from './drop-folder/drop-folder.intake';
import { EmailGatewaySchema1732406400001 } from './migrations/1732406400001-email-gateway-schema';
import { RawMessageEntity } from './raw-messages/raw-message.entity';
import { RawMessageService } from './raw-messages/raw-message.service';

/** The tables this service owns and the migrations that create them. */
export const EMAIL_GATEWAY_STORAGE: ServiceStorage = {
  entities: [RawMessageEntity],
  migrations: [EmailGatewaySchema1732406400001],
};

/** email-gateway: intake (drop folders now; IMAP, SMTP and archives next), raw store, dedupe. */
@Module({})
export class EmailGatewayModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: EmailGatewayModule,
      imports: [ServiceRuntimeModule.register(context, EMAIL_GATEWAY_STORAGE)],
      controllers: [ArchiveImportController],
      providers: [DropFolderIntake, RawMessageService],
      exports: [RawMessageService],
    };
  }
}
