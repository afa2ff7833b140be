import { attachmentLinks } from './attachment-links';

const task = {
  id: 't-1',
  attachments: [
    {
      id: 'a-1',
      name: 'leak.jpg',
      size: 2048,
      type: 'image/jpeg',
      source: 'email' as const,
      sha256: 'a'.repeat(64),
    },
  ],
};

describe('attachmentLinks', () => {
  it('links each attachment to the download route under the public URL', () => {
    expect(attachmentLinks(task, 'https://orgo.example.org/')).toEqual([
      {
        name: 'leak.jpg',
        size: 2048,
        type: 'image/jpeg',
        url: 'https://orgo.example.org/api/v1/tasks/t-1/attachments/a-1',
      },
    ]);
  });

  it('gives the path alone without a public URL, and nothing for a task without files', () => {
    expect(attachmentLinks(task, undefined)[0].url).toBe('/api/v1/tasks/t-1/attachments/a-1');
    expect(attachmentLinks({ id: 't-2' }, 'https://x.example')).toEqual([]);
  });
});
