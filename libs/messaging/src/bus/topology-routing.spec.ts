import { QUEUE_BINDINGS, QUEUES, RETIRED_BINDINGS, ROUTING_KEYS } from '@orgo/contracts';

import { topicMatcher } from './topic-pattern';

/** Which durable queues a routing key reaches through the topology's bindings. */
const queuesOf = (key: string) =>
  Object.entries(QUEUE_BINDINGS)
    .filter(([, bindings]) => bindings.some((b) => topicMatcher(b)(key)))
    .map(([queue]) => queue)
    .sort();

describe('the bus topology', () => {
  it("sends the task-service a broadcast tier's delivery outcomes and not every other notification's", () => {
    for (const key of [ROUTING_KEYS.notificationBroadcastSent, ROUTING_KEYS.notificationBroadcastFailed]) {
      expect(queuesOf(key)).toEqual([QUEUES.auditLog, QUEUES.taskService].sort());
    }
    for (const key of [ROUTING_KEYS.notificationSent, ROUTING_KEYS.notificationFailed]) {
      expect(queuesOf(key)).toEqual([QUEUES.auditLog]);
    }
  });

  it('retires only bindings a queue no longer has', () => {
    for (const [queue, retired] of Object.entries(RETIRED_BINDINGS)) {
      const current = QUEUE_BINDINGS[queue as keyof typeof QUEUE_BINDINGS];
      for (const binding of retired ?? []) expect(current).not.toContain(binding);
    }
  });
});
