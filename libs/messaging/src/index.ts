export * from './bus/message-bus';
export * from './bus/queue-metrics';
export * from './bus/retry-policy';
export * from './bus/topic-pattern';
export * from './dead-letter/dead-letter.entity';
export * from './dead-letter/dead-letter-store';
export * from './in-process/in-process-bus';
export * from './in-process/thread-bridge';
export * from './in-process/thread-port';
export * from './inbox/idempotent-consumer';
export * from './inbox/inbox-message.entity';
export * from './messaging-tables.migration';
export * from './outbox/outbox';
export * from './outbox/outbox-message.entity';
export * from './outbox/outbox-relay';

import { DeadLetterEntity } from './dead-letter/dead-letter.entity';
import { InboxMessageEntity } from './inbox/inbox-message.entity';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';

/** The entities every service adds to its data source for the outbox, inbox and dead letters. */
export const MESSAGING_ENTITIES = [OutboxMessageEntity, InboxMessageEntity, DeadLetterEntity];
export * from './rabbitmq/rabbitmq-bus';
export * from './outbox-claims.migration';
export * from './envelope-at-rest';
