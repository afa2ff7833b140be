import { DEFAULT_PARSER_SETTINGS } from '@orgo/config';
import type { OrganizationModel } from '@orgo/domain';

import { intakeFormOf, uploadProblem, withoutNames } from './intake-form';

const organization = {
  slug: 'harbor',
  name: 'Harbor Logistics',
  intake: {
    block: [],
    webForm: {
      roles: ['HR.Policy', 'Ops.Warehouse'],
      addresses: { 'HR.Policy': 'report@harbor.example', 'Ops.Warehouse': 'warehouse@harbor.example' },
      anonymousRoles: ['HR.Policy'],
      maxAttachmentBytes: 20 * 1024 ** 2,
      maxTotalBytes: 30 * 1024 ** 2,
      allowedTypes: null,
    },
  },
} as unknown as OrganizationModel;

describe('intakeFormOf', () => {
  it("answers a role's form with limits no larger than the parser takes", () => {
    expect(intakeFormOf(organization, 'hr.policy', DEFAULT_PARSER_SETTINGS, 5)).toEqual({
      organization: { slug: 'harbor', name: 'Harbor Logistics' },
      role: 'HR.Policy',
      address: 'report@harbor.example',
      anonymousAllowed: true,
      maxAttachmentBytes: Math.floor(DEFAULT_PARSER_SETTINGS.maxMessageBytes * 0.7),
      maxTotalBytes: Math.floor(DEFAULT_PARSER_SETTINGS.maxMessageBytes * 0.7),
      maxFiles: 5,
      allowedTypes: DEFAULT_PARSER_SETTINGS.allowedAttachmentTypes,
    });
    expect(intakeFormOf(organization, 'Ops.Warehouse', DEFAULT_PARSER_SETTINGS, 5)?.anonymousAllowed).toBe(false);
  });

  it('has no form for a role that takes none, an unknown role or organization', () => {
    expect(intakeFormOf(organization, 'Front.Desk', DEFAULT_PARSER_SETTINGS, 5)).toBeNull();
    expect(intakeFormOf(undefined, 'HR.Policy', DEFAULT_PARSER_SETTINGS, 5)).toBeNull();
    expect(intakeFormOf({ ...organization, intake: { block: [] } }, 'HR.Policy', DEFAULT_PARSER_SETTINGS, 5)).toBeNull();
  });
});

describe('uploadProblem', () => {
  const form = { ...intakeFormOf(organization, 'HR.Policy', DEFAULT_PARSER_SETTINGS, 2)!, maxAttachmentBytes: 100, maxTotalBytes: 150 };
  const file = (originalname: string, size: number) => ({ originalname, mimetype: 'application/octet-stream', size, buffer: Buffer.alloc(size) });

  it('accepts files of allowed types within the limits', () => {
    expect(uploadProblem(form, [file('photo.JPG', 100), file('notes.txt', 50)])).toBeNull();
  });

  it('says what is wrong: too many, a type not taken, one too large, too much in all', () => {
    expect(uploadProblem(form, [file('a.txt', 1), file('b.txt', 1), file('c.txt', 1)])).toMatchObject({ kind: 'too_many' });
    expect(uploadProblem(form, [file('run.exe', 1)])).toMatchObject({ kind: 'type', message: expect.stringContaining("'run.exe' is not a file type") });
    expect(uploadProblem(form, [file('big.pdf', 101)])).toMatchObject({ kind: 'too_large', message: expect.stringContaining('at most 100 bytes') });
    expect(uploadProblem(form, [file('a.pdf', 100), file('b.pdf', 60)])).toMatchObject({ kind: 'too_large', message: expect.stringContaining('add up to 160 bytes') });
  });
});

describe('withoutNames', () => {
  it('gives the files of an anonymous report neutral names, keeping their type and content', () => {
    const files = [
      { originalname: 'Scan Maria Lopez.PDF', mimetype: 'application/pdf', size: 3, buffer: Buffer.from('pdf') },
      { originalname: 'IMG_2041.png', mimetype: 'image/png', size: 3, buffer: Buffer.from('png') },
    ];
    expect(withoutNames(files).map((f) => [f.originalname, f.mimetype, f.buffer.toString()])).toEqual([
      ['attachment-1.pdf', 'application/pdf', 'pdf'],
      ['attachment-2.png', 'image/png', 'png'],
    ]);
  });
});
