import type { OrganizationDirectory } from './directory';
import { labelFor } from './label';
import type { OrganizationModel } from './organization';
import { escalationSteps } from './position';

/**
 * Under automation level manual (SPEC §6) a new task waits in the organization's triage position
 * (else its head) with its suggested route until a person confirms it. Returns the waiting
 * position, or null when the task is routed at once: automation assisted or automatic, a crisis
 * (category 9 goes to the top at once), or a suggested route that already is the waiting position.
 * `always`: wait whatever the automation level (an investigation a review proposes).
 */
export function waitingPosition(
  model: OrganizationModel,
  plan: { position: string; crisis: boolean },
  options: { always?: boolean } = {},
): string | null {
  if ((model.parameters.automation_level !== 'manual' && !options.always) || plan.crisis) return null;
  const waiting = model.triage ?? [...model.positions].sort((a, b) => a.level - b.level)[0]?.id ?? null;
  return waiting === plan.position ? null : waiting;
}

/** A task (re)assigned to a position by a person: its new label and escalation steps at the profile's granularity. */
export interface Assignment {
  position: string;
  label: string;
  chain: string[];
}

/** The assignment to `position`, or null when the organization has no such position. */
export function assignmentTo(
  position: string,
  task: { category: number; subcategory: number },
  model: OrganizationModel,
  directory: OrganizationDirectory,
): Assignment | null {
  const held = directory.position(position);
  if (!held) return null;
  return {
    position,
    label: labelFor({ level: held.level, role: held.role }, task.category, task.subcategory),
    chain: escalationSteps(directory.chainOf(position), model.parameters.escalation_granularity),
  };
}
