import { attachmentsSuite } from './support/attachments-suite';
import { startDistributed } from './support/distributed-process';
import { standaloneShape } from './support/standalone-process';

// Issue 16's attachments end to end, in both shapes: one process with SQLite, and the eight
// services as separate processes over RabbitMQ and PostgreSQL.
attachmentsSuite('standalone', standaloneShape);
attachmentsSuite('distributed', startDistributed);
