import { attachDocumentIssues } from './attach-document-check';

const doc = {
  name: 'leak-protocol.pdf',
  path: '/c/leak-protocol.pdf',
  size: 10,
  sha256: 'a'.repeat(64),
  type: 'application/pdf',
};

describe('attachDocumentIssues', () => {
  const rule = (attach: string[]) => ({
    name: 'water_leak',
    file: 'organizations/riverside/rules/riverside_rules.yaml',
    action: { attach },
  });

  it('accepts documents of the organization folder', () => {
    expect(
      attachDocumentIssues([{ organization: 'riverside', emailRules: [rule(['leak-protocol.pdf'])] }], {
        riverside: { 'leak-protocol.pdf': doc },
      }),
    ).toEqual([]);
  });

  it('names the file, the rule, the key path and the missing document', () => {
    const issues = attachDocumentIssues(
      [{ organization: 'riverside', emailRules: [rule(['leak-protocol.pdf', 'missing.pdf'])] }],
      { riverside: { 'leak-protocol.pdf': doc } },
    );
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'organizations/riverside/rules/riverside_rules.yaml',
        rule: 'water_leak',
        path: 'action.attach[1]',
        found: expect.stringContaining('missing.pdf'),
      }),
    ]);
    expect(issues[0].hint).toContain('organizations/riverside/documents/missing.pdf');
  });

  it('refuses a document when the organization has no documents folder', () => {
    expect(
      attachDocumentIssues([{ organization: 'northside', emailRules: [rule(['leak-protocol.pdf'])] }], {})[0]
        .expected,
    ).toMatch(/empty or missing/);
  });
});
