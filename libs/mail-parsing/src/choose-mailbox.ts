import type { OrganizationModel } from '@orgo/domain';
import addressparser from 'nodemailer/lib/addressparser';

/** Headers that name who a message was delivered to, most specific first. */
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to', 'to', 'cc'];
const HEADER_SCAN_BYTES = 256 * 1024;

/**
 * The role address an imported message goes to: `--mailbox` when given; else the first of the
 * organization's role addresses the message was delivered or written to (Delivered-To,
 * X-Original-To, Envelope-To, To, Cc); else the organization's triage address.
 */
export function chooseMailbox(raw: Buffer, organization: OrganizationModel, explicit: string | null, triage: string): string {
  if (explicit) return explicit;
  const roleAddresses = new Set(organization.roles.flatMap((r) => r.addresses));
  const headers = headerFields(raw);
  for (const name of DELIVERY_HEADERS) {
    for (const value of headers.get(name) ?? []) {
      for (const address of addressesIn(value)) if (roleAddresses.has(address)) return address;
    }
  }
  return triage;
}

/**
 * The address of the organization's triage: the role whose entry position is the triage position
 * (or whose role path it carries); null when the organization declares no triage.
 */
export function triageAddress(organization: OrganizationModel): string | null {
  if (!organization.triage) return null;
  const position = organization.positions.find((p) => p.id === organization.triage);
  const role =
    organization.roles.find((r) => r.entry === organization.triage) ?? organization.roles.find((r) => position?.role !== null && r.id === position?.role);
  return role?.addresses[0] ?? null;
}

function headerFields(raw: Buffer): Map<string, string[]> {
  const head = raw.subarray(0, Math.min(raw.length, HEADER_SCAN_BYTES)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const fields = new Map<string, string[]>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

function addressesIn(value: string): string[] {
  return addressparser(value, { flatten: true })
    .map((entry) => entry.address?.trim().toLowerCase())
    .filter((address): address is string => Boolean(address));
}
