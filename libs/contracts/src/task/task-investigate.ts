/**
 * escalation-scheduler → task-service (SPEC §6 "Reviews and patterns"): a review found a pattern;
 * open an investigation task routed to the responsible head and link the cases (entries on both
 * sides). `taskId` is chosen by the scheduler so that a repeated command is harmless. `mode`
 * `propose` (automation assisted): the task waits in triage with the head as suggested route until
 * a person confirms it. Version 1.
 */
export interface TaskInvestigateCommandV1 {
  taskId: string;
  cluster: string;
  mode: 'open' | 'propose';
  /** The responsible head's position. */
  routeTo: string;
  /** The cases' type and subtype (the investigation's subtype is the cases' type). */
  caseType: string;
  caseSubtype: string | null;
  title: string;
  description: string;
  /** What the cases share (tags or keywords): the investigation's tags. */
  shared: string[];
  caseIds: string[];
  reviewRunId: string;
  actor: string;
}

/** escalation-scheduler → task-service: new cases of a cluster join its open investigation. Version 1. */
export interface TaskInvestigationJoinCommandV1 {
  investigationId: string;
  cluster: string;
  caseIds: string[];
  reviewRunId: string;
  actor: string;
}
