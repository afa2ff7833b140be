/** Dead letters: each consuming service keeps its own and answers for them. */
export interface DeadLetterV1 {
  /** `<service>:<uuid>`: says which service to ask for a replay. */
  id: string;
  service: string;
  queue: string;
  routing_key: string;
  message_id: string;
  correlation_id: string;
  error: string;
  attempts: number;
  created_at: string;
  replayed_at: string | null;
}

export interface DeadLetterListV1 {
  service: string;
  items: DeadLetterV1[];
}

/** The services that consume from the bus and so may hold dead letters. */
export const CONSUMING_SERVICES = ['parser', 'rule-engine', 'task-service', 'escalation-scheduler', 'notifier', 'audit-log'] as const;

export const dlqListRpc = (service: string) => `rpc.dlq.list.${service}`;
export const dlqReplayRpc = (service: string) => `rpc.dlq.replay.${service}`;
