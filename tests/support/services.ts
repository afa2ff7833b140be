/** Where the integration suites find the real services (standard local ports unless overridden). */
export const RABBITMQ_URL = process.env.ORGO_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const POSTGRES_URL = process.env.ORGO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.ORGO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
