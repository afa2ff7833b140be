import { DateTime } from 'luxon';

/** One synthetic incident mail of the seeded year. */
export interface Incident {
  /** When it is reported (UTC ISO). */
  at: string;
  kind: 'wet-floor' | 'dishwasher' | 'noise';
  location: string;
  subject: string;
  body: string;
}

const ZONE = 'America/Toronto';
const local = (date: string, hour = 9) =>
  DateTime.fromISO(`${date}T${String(hour).padStart(2, '0')}:00`, { zone: ZONE })
    .toUTC()
    .toISO() as string;

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same year. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE_PROBLEMS = [
  ['heating', 'The radiator is cold', 'The radiator under the window does not warm up.'],
  ['electrical', 'Light flickering', 'The ceiling light keeps flickering all morning.'],
  ['plumbing', 'Sink draining slowly', 'The sink drains very slowly since yesterday.'],
  ['door', 'Door does not close', 'The door no longer closes properly, the latch sticks.'],
] as const;

/**
 * A year (2026) of incidents at a school, in Toronto time:
 * - wet floors in the lobby: five in February (2, 9, 16, 20, 25), and one alone in August;
 * - the cafeteria dishwasher failing every Tuesday from 1 September to 3 November (ten times);
 * - background noise: 40 rooms, each with two unrelated problems at least 100 days apart.
 */
export function incidentYear(seed = 2026): Incident[] {
  const next = random(seed);
  const incidents: Incident[] = [];
  for (const date of ['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-20', '2026-02-25', '2026-08-10']) {
    incidents.push({
      at: local(date, 8 + Math.floor(next() * 6)),
      kind: 'wet-floor',
      location: 'lobby',
      subject: 'Wet floor in the lobby',
      body: 'The floor in the lobby near the main entrance is wet and slippery; a student nearly fell.',
    });
  }
  let tuesday = DateTime.fromISO('2026-09-01', { zone: ZONE });
  for (let i = 0; i < 10; i++, tuesday = tuesday.plus({ weeks: 1 })) {
    incidents.push({
      at: local(tuesday.toISODate() as string, 12),
      kind: 'dishwasher',
      location: 'cafeteria',
      subject: 'Dishwasher broken again',
      body: 'The dishwasher in the cafeteria stopped mid-cycle with an error light.',
    });
  }
  for (let room = 101; room <= 140; room++) {
    const first = Math.floor(next() * 150);
    const second = first + 100 + Math.floor(next() * 100);
    for (const day of [first, second]) {
      const [subtype, subject, body] = NOISE_PROBLEMS[Math.floor(next() * NOISE_PROBLEMS.length)];
      const date = DateTime.fromISO('2026-01-05', { zone: ZONE }).plus({ days: day }).toISODate() as string;
      incidents.push({
        at: local(date, 10 + Math.floor(next() * 5)),
        kind: 'noise',
        location: `room-${room}`,
        subject: `${subject} (${subtype})`,
        body: `${body} This is in room ${room}.`,
      });
    }
  }
  return incidents.sort((a, b) => a.at.localeCompare(b.at) || a.location.localeCompare(b.location));
}

/** The incident as a mail to `address`. */
export function incidentMail(incident: Incident, index: number, address: string): string {
  return [
    `From: staff${index % 7}@staff.example`,
    `To: ${address}`,
    `Subject: ${incident.subject}`,
    `Date: ${new Date(incident.at).toUTCString()}`,
    `Message-ID: <incident-${index}-${address}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    incident.body,
    '',
    '-- ',
    'Staff room',
    '',
  ].join('\r\n');
}
