import fs from 'node:fs';
import path from 'node:path';

import { type OrgoConfig, organizationBySlug, organizationForAddress } from '@orgo/config';
import { EMAIL_IMPORT_RPC, type EmailAcceptResultV1, type RpcResult } from '@orgo/contracts';
import { OrgoError, type OrganizationModel } from '@orgo/domain';
import { chooseMailbox, triageAddress } from '@orgo/mail-parsing';
import type { MessageBus } from '@orgo/messaging';
import { type ArchiveEntry, type ArchiveKind, detectArchiveKind, listMessageFiles, readArchive } from '@orgo/mail-archive';

import { archiveFingerprint } from './archive-fingerprint';
import { type ImportCursor, ImportCursorStore } from './import-cursor.store';
import { type ImportCounts, type ImportSummary, countOutcome } from './import-summary';
import { resolveOutcomes } from './outcome-resolver';

/** Accepted messages whose outcomes are looked up together, while the next ones are offered. */
const HARVEST_BATCH = 1_000;
/** Accepted messages without a known outcome beyond which offering waits for the pipeline. */
const MAX_PENDING = 4_000;
/** Entries offered to the gateway at once (booked and saved in the cursor together). */
const OFFER_CHUNK = 32;
const ACCEPT_TIMEOUT_MS = 60_000;
const POLL_MS = 100;
/** Rounds of an idle pipeline with no new outcome before a message counts as not handled. */
const MAX_IDLE_ROUNDS = 50;

export interface ImportRequest {
  archive: string;
  organization?: string | null;
  mailbox?: string | null;
}

/** What the import needs of a running standalone home: its bus and a way to wait until it is idle. */
export interface ImportHome {
  bus: MessageBus;
  config: OrgoConfig;
  home: string;
  whenIdle(): Promise<void>;
  clock?: () => Date;
}

export interface ImportProgress {
  counts: ImportCounts;
  kind: ArchiveKind;
  /** How far through the archive: bytes of an mbox, files of a folder; total 0 when unknown. */
  done: number;
  total: number;
}

export interface ImportRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  onStart?: (info: { kind: ArchiveKind; organization: string; resumed: boolean; archive: string }) => void;
}

/**
 * Imports an archive into a standalone home whose services run (in this process or in the `orgo
 * start` process that took the import over): every message is offered to the email-gateway over
 * the bus, so it is stored, deduplicated and routed exactly like mailbox mail; the import then
 * waits until each accepted message reached its outcome (task, quarantine, ignored) and counts it.
 * A cursor in `<home>/imports/` is written after every chunk of entries offered together, so an
 * interrupted import continues where it stopped (a message of the chunk the gateway had already
 * accepted comes back as this import's own duplicate and is counted once); dedupe makes a repeated
 * import create nothing new.
 */
export async function runImport(home: ImportHome, request: ImportRequest, options: ImportRunOptions = {}): Promise<ImportSummary> {
  const clock = home.clock ?? (() => new Date());
  const archive = path.resolve(request.archive);
  const kind = detectArchiveKind(archive);
  const organization = pickOrganization(home.config, request);
  const explicit = request.mailbox?.trim().toLowerCase() || null;
  const triage = triageAddress(organization);
  if (!explicit && !triage) {
    throw new OrgoError(
      'IMPORT.NO_MAILBOX',
      `Organization '${organization.slug}' declares no triage position with a role address; pass --mailbox <role address> to say where the messages go`,
    );
  }
  const store = new ImportCursorStore(home.home);
  const { cursor, resumed } = store.open(archiveFingerprint(archive), { archive, kind, organization: organization.slug }, clock().toISOString());
  options.onStart?.({ kind, organization: organization.slug, resumed, archive });
  const total = kind === 'mbox' ? fs.statSync(archive).size : kind === 'maildir' || kind === 'eml-folder' ? listMessageFiles(archive).length : 0;
  let done = kind === 'mbox' && cursor.after?.kind === 'mbox' ? cursor.after.end : cursor.counts.read;
  const report = () => options.onProgress?.({ counts: cursor.counts, kind, done, total });

  await settle(home, store, cursor, 0, report);
  let interrupted = false;
  // Entries are offered a chunk at a time, concurrently (the gateway stores a chunk in a few
  // transactions), then booked in archive order and the cursor saved once per chunk.
  const offer = async (chunk: ArchiveEntry[]): Promise<void> => {
    const answers = await Promise.all(
      chunk.map((entry) => (entry.type === 'skipped' ? null : accept(home.bus, entry.raw, chooseMailbox(entry.raw, organization, explicit, triage as string), organization.slug))),
    );
    // Judged against the state saved before the chunk: its answers came back in any order, and one
    // message offered twice in it (or accepted by a run killed after its last save) counts once.
    const before = cursor.lastAccepted;
    const taken = new Set<string>();
    chunk.forEach((entry, i) => {
      cursor.counts.read++;
      const answer = answers[i];
      if (entry.type === 'skipped') {
        countOutcome(cursor.counts, { kind: 'ignored', reason: entry.reason });
      } else if (answer && (answer.status === 'accepted' || acceptedByThisImport(cursor.startedAt, before, answer)) && !taken.has(answer.emailId)) {
        taken.add(answer.emailId);
        cursor.pending.push(answer.emailId);
        if (!cursor.lastAccepted || answer.receivedAt > cursor.lastAccepted.receivedAt) cursor.lastAccepted = { emailId: answer.emailId, receivedAt: answer.receivedAt };
      } else {
        countOutcome(cursor.counts, { kind: 'duplicate' });
      }
      cursor.after = entry.position;
      done = entry.position.kind === 'mbox' ? entry.position.end : done + 1;
    });
    store.save(cursor);
    report();
  };
  // Outcomes are harvested beside the offering (the pipeline never drains between chunks); offering
  // waits only when too many accepted messages have no outcome yet.
  let harvesting: Promise<void> | null = null;
  // The next harvest waits for more accepted messages than the last one left pending, so oldest
  // messages still on their way are not asked about again after every chunk.
  let harvestAt = HARVEST_BATCH;
  const harvestIfDue = () => {
    if (harvesting || cursor.pending.length < harvestAt) return;
    // A lookup that fails here is tried again by the settling that ends the import.
    harvesting = harvest(home.bus, cursor, HARVEST_BATCH)
      .catch(() => undefined)
      .finally(() => {
        harvesting = null;
        harvestAt = Math.max(HARVEST_BATCH, cursor.pending.length + HARVEST_BATCH / 4);
      });
  };
  let chunk: ArchiveEntry[] = [];
  for await (const entry of readArchive(archive, { kind, after: cursor.after ?? undefined })) {
    chunk.push(entry);
    if (chunk.length < OFFER_CHUNK) continue;
    await offer(chunk);
    chunk = [];
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    harvestIfDue();
    if (cursor.pending.length >= MAX_PENDING) {
      await harvesting;
      await settle(home, store, cursor, MAX_PENDING, report);
    }
  }
  await harvesting;
  if (!interrupted && chunk.length > 0) await offer(chunk);
  await settle(home, store, cursor, 0, report);
  if (!interrupted) {
    cursor.finishedAt = clock().toISOString();
    store.save(cursor);
  }
  return { archive, kind, organization: organization.slug, resumed, interrupted, ...cursor.counts };
}

function pickOrganization(config: OrgoConfig, request: ImportRequest): OrganizationModel {
  const slugs = config.organizations.map((o) => o.slug).join(', ');
  if (request.organization) {
    const organization = organizationBySlug(config, request.organization);
    if (!organization) throw new OrgoError('IMPORT.UNKNOWN_ORGANIZATION', `No organization '${request.organization}'; --org takes one of: ${slugs}`);
    if (request.mailbox && !organization.roles.some((r) => r.addresses.includes(request.mailbox!.trim().toLowerCase()))) {
      throw new OrgoError('IMPORT.UNKNOWN_MAILBOX', `${request.mailbox} is not a role address of '${organization.slug}'; pass one of its role addresses`);
    }
    return organization;
  }
  if (request.mailbox) {
    const address = request.mailbox.trim().toLowerCase();
    const organization = config.organizations.find((o) => o.roles.some((r) => r.addresses.includes(address))) ?? organizationForAddress(config, address);
    if (!organization || !organization.roles.some((r) => r.addresses.includes(address))) {
      throw new OrgoError('IMPORT.UNKNOWN_MAILBOX', `${request.mailbox} is not the role address of any organization; pass a role address from config/organizations/`);
    }
    return organization;
  }
  if (config.organizations.length === 1) return config.organizations[0];
  throw new OrgoError('IMPORT.ORGANIZATION_REQUIRED', `Several organizations are configured (${slugs}); pass --org <slug> or --mailbox <role address>`);
}

async function accept(bus: MessageBus, raw: Buffer, mailbox: string, organization: string): Promise<EmailAcceptResultV1> {
  const result = await bus.request<RpcResult<EmailAcceptResultV1>>(
    EMAIL_IMPORT_RPC.accept,
    { rawBase64: raw.toString('base64'), mailbox, source: 'import', organization },
    ACCEPT_TIMEOUT_MS,
  );
  if (!result.ok) throw new OrgoError(result.error.code, result.error.message, result.error.details);
  return result.value;
}

/**
 * A duplicate that this very import accepted after its last saved state (`last`, the newest message
 * it had booked then): the run before was stopped between the gateway's answer and saving the
 * cursor, or the message came twice in the chunk being booked. It is counted by its outcome, once.
 */
function acceptedByThisImport(startedAt: string, last: ImportCursor['lastAccepted'], answer: EmailAcceptResultV1): boolean {
  if (answer.receivedAt < startedAt) return false;
  if (!last) return true;
  return answer.emailId !== last.emailId && answer.receivedAt > last.receivedAt;
}

/**
 * Waits for the outcomes of the accepted messages once more than `atLeast` wait: each round lets
 * the pipeline go idle, then looks the outcomes up. A message whose outcome does not appear while
 * the pipeline stays idle (its handling failed into a dead letter) is counted under
 * `ORGO.NOT_HANDLED` — `orgo dlq list` shows it.
 */
async function settle(home: ImportHome, store: ImportCursorStore, cursor: ImportCursor, atLeast: number, report: () => void): Promise<void> {
  if (cursor.pending.length === 0 || cursor.pending.length < atLeast) return;
  let idleRounds = 0;
  while (cursor.pending.length > 0) {
    await Promise.race([home.whenIdle(), sleep(2000)]);
    const found = await resolveOutcomes(home.bus, cursor.pending);
    const still: string[] = [];
    for (const emailId of cursor.pending) {
      const outcome = found.get(emailId);
      if (outcome) countOutcome(cursor.counts, outcome);
      else still.push(emailId);
    }
    idleRounds = still.length < cursor.pending.length ? 0 : idleRounds + 1;
    cursor.pending = still;
    if (still.length > 0 && idleRounds >= MAX_IDLE_ROUNDS) {
      for (const _ of still) countOutcome(cursor.counts, { kind: 'quarantined', reason: 'ORGO.NOT_HANDLED' });
      cursor.pending = [];
    }
    store.save(cursor);
    report();
    if (cursor.pending.length > 0) await sleep(POLL_MS);
  }
}

/**
 * Looks up the outcomes of the oldest `count` pending messages (one request) without waiting for the pipeline,
 * and books the ones found (those still on their way stay pending). The cursor is changed in one
 * step at the end: chunks offered meanwhile add to `pending` and are kept.
 */
async function harvest(bus: MessageBus, cursor: ImportCursor, count: number): Promise<void> {
  const found = await resolveOutcomes(bus, cursor.pending.slice(0, count));
  for (const outcome of found.values()) countOutcome(cursor.counts, outcome);
  cursor.pending = cursor.pending.filter((emailId) => !found.has(emailId));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
