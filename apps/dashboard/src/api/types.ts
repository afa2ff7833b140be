/** The task JSON of the API (SPEC §4); fields the dashboard reads. */
export interface Task {
  id: string;
  key: string;
  organization: string;
  type: string;
  subtype: string | null;
  category: number;
  subcategory: number;
  label: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  severity: string | null;
  assignee: { position: string; person: string | null };
  suggested_position: string | null;
  reporter: string;
  sensitive: boolean;
  visibility: string;
  tags: string[];
  metadata: Record<string, unknown>;
  escalation: {
    level: number;
    chain: string[];
    reactivity_ms: number | null;
    next_due_at: string | null;
    warn_at: string | null;
    paused_remaining_ms: number | null;
    calendar: string | null;
  };
  broadcast: {
    level: number;
    role: string | null;
    recipients: { position: string; person: string; notification: string }[];
  } | null;
  source: {
    organization: string | null;
    email_id: string | null;
    mailbox: string | null;
    message_id: string | null;
    received_at: string | null;
  };
  /** Merges and splits (SPEC §6); absent from servers before they existed. */
  links?: { merged_into: string | null; merged: string[]; split_from: string | null; split_into: string[] };
  created_at: string;
  updated_at: string;
}

export interface TaskEvent {
  id: string;
  type: string;
  at: string;
  actor: string;
  data: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit?: number;
  offset?: number;
}

export interface Position {
  id: string;
  level: number;
  role: string | null;
  title: string;
  holders: string[];
  reports_to: string | null;
  reports_to_source: string;
  chain: string[];
  calendar_source?: string;
}

export interface Organization {
  slug: string;
  name: string;
  type: string;
  timezone: string;
  profile: string;
  triage: string | null;
  parameters: Record<string, { value: unknown; source: string }>;
  roles: { id: string; addresses: string[]; entry: string }[];
  positions: Position[];
  calendar?: unknown;
  [key: string]: unknown;
}

export const STATUSES = [
  'pending',
  'in_progress',
  'on_hold',
  'escalated',
  'completed',
  'failed',
  'cancelled',
] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const OPEN_STATUSES = ['pending', 'in_progress', 'on_hold', 'escalated'];
