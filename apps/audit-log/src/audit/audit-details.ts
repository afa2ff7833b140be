import type { Envelope, TaskEventV1 } from '@orgo/contracts';

/** The audit category of a message (SPEC §6 Audit). */
export function auditCategory(routingKey: string): 'task' | 'email' | 'workflow' {
  if (routingKey.startsWith('task.')) return 'task';
  if (routingKey.startsWith('email.')) return 'email';
  return 'workflow';
}

/** Who did it: the timeline actor of a task event, else the producing service. */
export function auditActor(envelope: Envelope): string {
  const payload = envelope.payload as Partial<TaskEventV1> & { actor?: string };
  return payload.event?.actor ?? payload.actor ?? envelope.producer;
}

/**
 * What is kept of a message: its facts, never raw bytes or whole bodies. A sensitive task's reporter
 * is never written here.
 */
export function auditDetails(envelope: Envelope): { taskId: string | null; emailId: string | null; label: string | null; details: Record<string, unknown> } {
  const payload = envelope.payload as Record<string, unknown>;
  if (envelope.type.startsWith('task.')) {
    const { task, event, previous } = payload as unknown as TaskEventV1;
    return {
      taskId: task.id,
      emailId: task.source.email_id,
      label: task.label,
      details: {
        key: task.key,
        event: event.type,
        status: task.status,
        position: task.assignee.position,
        level: task.escalation.level,
        data: event.data,
        previous,
        reporter: task.sensitive ? null : task.reporter,
      },
    };
  }
  const { rawBase64: _raw, text: _text, description: _description, fallback: _fallback, ...rest } = payload;
  return {
    taskId: (payload.taskId as string | undefined) ?? null,
    emailId: (payload.emailId as string | undefined) ?? null,
    label: null,
    details: rest,
  };
}
