import { emailAttachments, ruleDocuments } from './new-task-attachments';

const hash = 'a'.repeat(64);

describe('new task attachments', () => {
  it('lists the mail attachments with their sniffed type; an old command without hash is left out', () => {
    expect(
      emailAttachments([
        { filename: 'leak.jpg', contentType: 'application/pdf', size: 12, sha256: hash, type: 'image/jpeg' },
        { filename: 'old.pdf', contentType: 'application/pdf', size: 3 },
      ]),
    ).toEqual([{ name: 'leak.jpg', size: 12, type: 'image/jpeg', source: 'email', sha256: hash }]);
  });

  it('resolves a rule attach from the organization documents, each once', () => {
    const config = {
      documents: {
        riverside: {
          'leak-protocol.pdf': {
            name: 'leak-protocol.pdf',
            path: '/x',
            size: 9,
            sha256: hash,
            type: 'application/pdf',
          },
        },
      },
    };
    expect(
      ruleDocuments(config, 'riverside', ['leak-protocol.pdf', 'leak-protocol.pdf', 'gone.pdf']),
    ).toEqual([
      { name: 'leak-protocol.pdf', size: 9, type: 'application/pdf', source: 'rule', sha256: hash },
    ]);
    expect(ruleDocuments(config, 'northside', ['leak-protocol.pdf'])).toEqual([]);
  });
});
