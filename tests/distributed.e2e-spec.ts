import { startDistributed } from './support/distributed-process';
import { pipelineSuite } from './support/pipeline-suite';

// The same outcomes as the standalone shape, with the eight services as separate processes over
// RabbitMQ and PostgreSQL.
pipelineSuite('distributed', startDistributed);
