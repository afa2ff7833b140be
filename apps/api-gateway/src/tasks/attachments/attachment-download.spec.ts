import type { OrganizationModel } from '@orgo/domain';

import { contentDisposition, matchesHash, mayDownload } from './attachment-download';

describe('attachment download', () => {
  it('encodes the name for filename* and gives an ASCII fallback', () => {
    expect(contentDisposition('Wasserschaden Küche "1".jpg')).toBe(
      `attachment; filename="Wasserschaden K_che _1_.jpg"; filename*=UTF-8''Wasserschaden%20K%C3%BCche%20%221%22.jpg`,
    );
    expect(contentDisposition("it's (1).pdf")).toBe(
      `attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`,
    );
  });

  it('checks the bytes against the hash', () => {
    const bytes = Buffer.from('abc');
    expect(matchesHash(bytes, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')).toBe(true);
    expect(matchesHash(bytes, '0'.repeat(64))).toBe(false);
  });

  describe('mayDownload', () => {
    const organization = {
      slug: 'riverside',
      positions: [
        { id: '100.1', title: 'Head', holders: ['head@riverside.example'] },
        { id: '1000.1', title: 'Ops', holders: ['ops@riverside.example'] },
      ],
    } as unknown as OrganizationModel;
    const task = {
      sensitive: true,
      assignee: { position: '1000.1', person: null },
      escalation: { level: 0, chain: ['1000.1', '100.1'] },
    } as never;

    it('lets anyone who sees a task that is not sensitive download', () => {
      expect(
        mayDownload(
          { ...(task as object), sensitive: false } as never,
          { email: 'x@y.example', privacyOfficer: false },
          organization,
        ),
      ).toBe(true);
    });

    it('lets only the chain and a privacy officer download a sensitive task file', () => {
      expect(
        mayDownload(task, { email: 'HEAD@riverside.example', privacyOfficer: false }, organization),
      ).toBe(true);
      expect(mayDownload(task, { email: 'ops@riverside.example', privacyOfficer: false }, organization)).toBe(
        true,
      );
      expect(
        mayDownload(task, { email: 'member@riverside.example', privacyOfficer: false }, organization),
      ).toBe(false);
      expect(
        mayDownload(task, { email: 'officer@riverside.example', privacyOfficer: true }, organization),
      ).toBe(true);
      expect(mayDownload(task, { email: 'head@riverside.example', privacyOfficer: false }, undefined)).toBe(
        false,
      );
    });
  });
});
