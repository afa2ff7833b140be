import { containsIdentity, scrubIdentity, scrubSubject, type SensitiveIdentity } from './scrub-identity';

const maria: SensitiveIdentity = {
  address: 'maria.lopez@acme.example',
  name: 'Maria Lopez',
  pseudonym: 'Anon-7',
  defaultCountry: 'CA',
  phones: ['+1 (416) 555-0199', '416-555-0100'],
};

const signature = '--\nMaria Lopez\nPayroll clerk\n+1 (416) 555-0199\n221B Baker Street, Toronto ON M5V 2T6';

interface Report {
  name: string;
  who: SensitiveIdentity;
  body: string;
  /** What must survive scrubbing, word for word. */
  keeps: string[];
}

const reports: Report[] = [
  {
    name: 'harassment, English, with a -- signature',
    who: maria,
    body: `Hello,

On 2026-11-23 at 14:30 my supervisor shouted at me in the staff room on the second floor, 3 times in front of colleagues.
He also left a note on my desk in room 102 about task NS-12. I am afraid to go back.

${signature}`,
    keeps: ['On 2026-11-23 at 14:30', 'in the staff room on the second floor', '3 times', 'room 102', 'task NS-12'],
  },
  {
    name: 'harassment, English, sign-off and phones in the body',
    who: maria,
    body: `Hi,

This is Maria Lopez from payroll. Since March my manager sends me messages late at night.
You can reach me at 416-555-0100 or (416) 555 0199 after 18:00, or maria.lopez@acme.example.
Please do not tell him that Maria reported this.

Best regards,
Maria
Payroll clerk | Acme
+1 (416) 555-0199`,
    keeps: ['Since March my manager sends me messages late at night', 'after 18:00', 'Please do not tell him that'],
  },
  {
    name: 'health matter, English, address in the text',
    who: { ...maria, name: 'María López' },
    body: `To HR,

I was diagnosed with a back injury after lifting boxes in warehouse B on 12/11/2026.
My doctor asked that letters go to my home, 1234 Elm St., Apt 5, Springfield, IL 62704, not the office.
Lopez is the name on the parcel.

Thanks,
María`,
    keeps: ['back injury after lifting boxes in warehouse B on 12/11/2026', 'not the office', 'is the name on the parcel'],
  },
  {
    name: 'safety incident, English, Outlook reply history',
    who: maria,
    body: `The fire exit near the loading dock was blocked again on 2026-11-24 at 07:15. Second time this week.

Sent from my iPhone

-----Original Message-----
From: Maria Lopez <maria.lopez@acme.example>
Sent: Monday, November 23, 2026 9:12 AM
To: safety@acme.example
Subject: Blocked fire exit

The fire exit was blocked. Maria Lopez, 416-555-0199`,
    keeps: ['The fire exit near the loading dock was blocked again on 2026-11-24 at 07:15. Second time this week.'],
  },
  {
    name: 'harassment, English, quoted own mail',
    who: maria,
    body: `Adding one more thing: it happened again today at 9:40 near the lifts.

On Mon, 23 Nov 2026 at 10:00, Maria Lopez <maria.lopez@acme.example> wrote:
> My supervisor shouted at me. Call me on 416 555 0199.
> Maria`,
    keeps: ['it happened again today at 9:40 near the lifts'],
  },
  {
    name: 'harcèlement, français, signature et adresse',
    who: { address: 'jean-pierre.dubois@exemple.fr', name: 'Jean-Pierre Dubois', pseudonym: 'Anon-3', defaultCountry: 'FR', phones: ['01 42 68 53 00', '06 12 34 56 78'] },
    body: `Bonjour,

Le 23/11/2026 vers 14h30, un collègue m'a insulté devant tout le monde dans la salle de pause du 2e étage.
C'est la 3e fois ce mois-ci. Vous pouvez me joindre au 06 12 34 56 78 ou au +33 1 42 68 53 00.
Mon adresse : 12 rue de la Paix
75002 Paris
France

Cordialement,
Jean-Pierre Dubois
Comptable
Tél. 01 42 68 53 00`,
    keeps: ['Le 23/11/2026 vers 14h30', 'dans la salle de pause du 2e étage', "C'est la 3e fois ce mois-ci"],
  },
  {
    name: 'Belästigung, deutsch, Signatur mit Grüßen',
    who: { address: 'k.mueller@beispiel.de', name: 'Karin Müller', pseudonym: 'Anon-12', timeZone: 'Europe/Berlin', phones: ['030 901820', '+49 170 1234567'] },
    body: `Hallo,

am 23.11.2026 um 14:30 Uhr hat mich ein Vorgesetzter im Besprechungsraum 3.14 bedrängt.
Das ist schon das dritte Mal. Frau Mueller aus der Buchhaltung war Zeugin (sie heißt nicht wie ich).
Rückruf bitte unter +49 170 1234567 oder 030 901820.

Mit freundlichen Grüßen
Karin Müller
Hauptstraße 5
10115 Berlin
Tel.: +49 30 901820`,
    keeps: ['am 23.11.2026 um 14:30 Uhr', 'im Besprechungsraum 3.14 bedrängt', 'Das ist schon das dritte Mal'],
  },
  {
    name: 'safety, English, UK formats',
    who: { address: 'tom.baker@acme.example', name: 'Tom Baker', pseudonym: 'Anon-2', defaultCountry: 'GB', phones: ['020 7946 0958'] },
    body: `A scaffold board fell near the entrance at 08:05 on 24 November 2026. Nobody was hurt.
I can be reached on 020 7946 0958 or +44 20 7946 0958.

Cheers,
Tom
Flat 3, 10 Downing Street
London SW1A 2AA`,
    keeps: ['A scaffold board fell near the entrance at 08:05 on 24 November 2026. Nobody was hurt.'],
  },
  {
    name: 'international numbers with 00, Swiss',
    who: { address: 'lena@firma.example', name: 'Lena Keller', pseudonym: 'Anon-5', defaultCountry: 'CH', phones: ['0041 44 668 18 00'] },
    body: 'Bitte rufen Sie mich unter 0041 44 668 18 00 an, nicht im Büro. Lena Keller',
    keeps: ['Bitte rufen Sie mich unter', 'an, nicht im Büro.'],
  },
];

describe('scrubIdentity', () => {
  it.each(reports.map((r) => [r.name, r] as const))('%s: no identity left, the facts kept', (_name, report) => {
    const result = scrubIdentity(report.body, report.who);
    expect(containsIdentity(result.text, report.who)).toEqual([]);
    for (const kept of report.keeps) expect(result.text).toContain(kept);
    expect(result.text).not.toMatch(/\n{3,}/);
    expect(result.text).toBe(result.text.trim());
  });

  it('replaces each kind with its marker and says what it removed', () => {
    const result = scrubIdentity(reports[1].body, maria);
    expect(result.text).toContain('This is Anon-7 from payroll.');
    expect(result.text).toContain('[phone removed] or [phone removed] after 18:00, or [email removed].');
    expect(result.text).toContain('that Anon-7 reported this.');
    expect(result.text).not.toContain('Payroll clerk');
    expect(result.removed).toEqual({ emails: 1, phones: 2, names: 2, addresses: 0, signature: true, quoted: false });
  });

  it('removes a street address with its city line', () => {
    const result = scrubIdentity(reports[2].body, reports[2].who);
    expect(result.text).toContain('to my home, [address removed], not the office.');
    expect(result.text).not.toMatch(/Springfield|62704|Elm/);
    expect(result.removed.addresses).toBe(1);
  });

  it('drops the quoted history and the Outlook history', () => {
    expect(scrubIdentity(reports[3].body, maria)).toMatchObject({ removed: { quoted: true, signature: true } });
    const quoted = scrubIdentity(reports[4].body, maria);
    expect(quoted.text).toBe('Adding one more thing: it happened again today at 9:40 near the lifts.');
    expect(quoted.removed.quoted).toBe(true);
  });

  it('keeps a signature-looking word in the middle of a report', () => {
    const body = 'Thanks,\nthe printer on floor 2 is broken again and sparks came out.\nIt is dangerous.';
    expect(scrubIdentity(body, maria).text).toBe(body);
    const middle = 'It started in May.\nThanks,\nbut nothing changed: he came back on 2026-11-20 at 16:00 and again the day after, shouting at the whole team.\nPlease help.';
    expect(scrubIdentity(middle, maria).text).toBe(middle);
  });

  it('tolerates case, accents and the address local part', () => {
    const who = { address: 'maria.lopez@acme.example', pseudonym: 'Anon-7' };
    const result = scrubIdentity('MARÍA wrote to LÓPEZ; mlopez and maria.lopez are her logins. Marianne is someone else.', who);
    expect(result.text).toBe('Anon-7 wrote to Anon-7; mlopez and Anon-7 are her logins. Marianne is someone else.');
  });

  it('joins a full name, with or without a middle initial, into one pseudonym', () => {
    const who = { address: 'x@acme.example', name: 'Maria Lopez', pseudonym: 'Anon-7' };
    expect(scrubIdentity('Maria Lopez, Lopez Maria, Maria J. Lopez and maria  lopez.', who).text).toBe('Anon-7, Anon-7, Anon-7 and Anon-7.');
  });

  it('does not touch dates, times, amounts, room numbers, task keys, versions or years', () => {
    const who = { address: 'x@acme.example', name: 'Maria Lopez', pseudonym: 'Anon-7', defaultCountry: 'DE' as const };
    const text =
      'It happened 3 times on 2026-11-23 at 14:30 in room 102 (task NS-12), cost $1,250.00, 1.250,00 €, app version 10.4.2, ' +
      'in 2026 and 2019-2026, ticket 20261123, on 23.11.2026 and 11/23/2026, floor 3, building 7, 14h30.';
    for (const country of ['CA', 'DE', 'FR', 'GB', 'US'] as const) {
      expect(scrubIdentity(text, { ...who, defaultCountry: country }).text).toBe(text);
    }
  });

  it('is deterministic', () => {
    const once = scrubIdentity(reports[5].body, reports[5].who);
    expect(scrubIdentity(reports[5].body, reports[5].who)).toEqual(once);
  });

  it('never scrubs the pseudonym it puts in, and keeps one already there', () => {
    const result = scrubIdentity('Anon-7 again: Maria at 416-555-0199.', maria);
    expect(result.text).toBe('Anon-7 again: Anon-7 at [phone removed].');
  });

  it('handles CRLF, empty text and text with nothing to remove', () => {
    expect(scrubIdentity('', maria).text).toBe('');
    expect(scrubIdentity('Line one\r\nLine two\r\n', maria).text).toBe('Line one\nLine two');
  });

  // Speed is the bench's to measure; this proves no pattern backtracks without end (Jest's timeout bounds it).
  it('scrubs a megabyte of any shape to an end', () => {
    const line = 'On 2026-11-23 at 14:30 Maria called 416-555-0199 from 221B Baker Street about NS-12, $1,250.00.\n';
    const shapes = [
      line.repeat(Math.ceil(1e6 / line.length)),
      '1234567890 '.repeat(1e5),
      'a'.repeat(1e6),
      'a@'.repeat(5e5),
      'On a b c d e '.repeat(8e4),
      '> On x wrote:\n'.repeat(7e4),
      '1-'.repeat(5e5),
      'Abc Def 12 Street '.repeat(6e4),
      ('Thanks,\nMaria Lopez\n' + 'x'.repeat(200) + '\n').repeat(4000),
    ];
    for (const text of shapes) {
      expect(typeof scrubIdentity(text, maria).text).toBe('string');
    }
  });
});

describe('scrubSubject', () => {
  it('removes the name, address and phone from a subject or a file name, and no signature', () => {
    expect(scrubSubject('Complaint from Maria Lopez (maria.lopez@acme.example, 416-555-0199) about NS-12', maria)).toBe(
      'Complaint from Anon-7 ([email removed], [phone removed]) about NS-12',
    );
    expect(scrubSubject('Thanks,\r\n Maria', maria)).toBe('Thanks, Anon-7');
    expect(scrubSubject('maria_lopez_cv.pdf', { ...maria, address: 'maria_lopez@acme.example' })).toBe('Anon-7_cv.pdf');
  });
});

describe('containsIdentity', () => {
  it('lists the address, local part, name parts and phones it finds', () => {
    const text = 'maria.lopez@acme.example wrote as maria.lopez; López called from +1 416 555 0199 and 4165550100.';
    expect(containsIdentity(text, maria)).toEqual(['maria.lopez@acme.example', 'maria.lopez', 'maria', 'lopez', '+1 (416) 555-0199', '416-555-0100']);
  });

  it('matches whole words only and nothing in a clean text', () => {
    expect(containsIdentity('Marianne and Lopezville; call 416-555-0198.', maria)).toEqual([]);
  });
});
