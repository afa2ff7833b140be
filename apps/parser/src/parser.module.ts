import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { ParserSchema1732406400002 } from './migrations/1732406400002-parser-schema';
import { ParsedEmailEntity } from './parsing/parsed-email.entity';
import { ParserConsumer } from './parsing/parser.consumer';
import { ParserService } from './parsing/parser.service';
import { QuarantinedEmailEntity } from './quarantine/quarantined-email.entity';

/** The tables this service owns and the migrations that create them. */
export const PARSER_STORAGE: ServiceStorage = {
  entities: [ParsedEmailEntity, QuarantinedEmailEntity],
  migrations: [ParserSchema1732406400002],
};

/** parser: raw message → normalized email, or quarantine with a reason. */
@Module({})
export class ParserModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: ParserModule,
      imports: [ServiceRuntimeModule.register(context, PARSER_STORAGE)],
      providers: [ParserConsumer, ParserService],
    };
  }
}
