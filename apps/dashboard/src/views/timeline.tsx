import type { TaskEvent } from '../api/types';

/** A timeline entry in words: what happened and the facts that matter to a reader. */
export function describeEvent(event: TaskEvent): string {
  const d = event.data ?? {};
  const s = (key: string) =>
    typeof d[key] === 'string' || typeof d[key] === 'number' ? String(d[key]) : undefined;
  switch (event.type) {
    case 'created':
      return `created${s('mailbox') ? ` from mail to ${s('mailbox')}` : ''}`;
    case 'routed':
      return `routed to ${s('position') ?? '?'}${s('label') ? ` as ${s('label')}` : ''}`;
    case 'escalated':
      return `escalated${s('from') ? ` from ${s('from')}` : ''}${s('to') ? ` to ${s('to')}` : ''}${s('reason') ? ` (${s('reason')})` : ''}${s('note') ? `: ${s('note')}` : ''}`;
    case 'status_changed':
      return `status ${s('from') ?? '?'} → ${s('to') ?? '?'}${s('reason') ? `: ${s('reason')}` : ''}`;
    case 'comment':
    case 'commented':
      return `comment: ${s('text') ?? s('comment') ?? ''}`;
    case 'eta_set':
      return `ETA set: ${s('eta') ?? '?'}${s('at') ? ` (${new Date(s('at')!).toLocaleString()})` : ''}`;
    case 'priority_changed':
      return `priority ${s('from') ?? '?'} → ${s('to') ?? '?'}`;
    case 'assigned':
      return `assigned to ${s('position') ?? s('to') ?? '?'}`;
    case 'reply_received':
      return `reply received${s('text') ? `: ${s('text')}` : ''}`;
    case 'merged':
      return `duplicate ${s('key') ?? ''} merged into this task${s('reason') ? `: ${s('reason')}` : ''}`;
    case 'merged_into':
      return `merged into ${s('key') ?? '?'}${s('reason') ? `: ${s('reason')}` : ''}`;
    case 'split':
      return `split: ${s('key') ?? '?'} made from the same mail`;
    case 'split_from':
      return `split from ${s('key') ?? '?'} (the same mail)`;
    case 'notified':
      return `notified ${s('person') ?? s('position') ?? ''}${s('position') && s('person') ? ` (${s('position')})` : ''}${s('channel') ? ` by ${s('channel')}` : ''}`;
    default:
      return event.type.replace(/_/g, ' ');
  }
}

export function Timeline({ events }: { events: TaskEvent[] }) {
  if (events.length === 0) return <p>No events yet.</p>;
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>{' '}
          <span className="event-type">{describeEvent(e)}</span> <span className="actor">by {e.actor}</span>
        </li>
      ))}
    </ol>
  );
}
