import { extractKeywords } from './keywords.util';

describe('extractKeywords', () => {
  it('keeps distinct content words of subject and body, lower-cased, subject first', () => {
    expect(extractKeywords('Urgent: Water leak', 'The water is leaking in room 102. Please help!')).toEqual([
      'urgent',
      'water',
      'leak',
      'leaking',
      'room',
      'help',
    ]);
  });

  it('keeps accented and non-Latin words and caps the count', () => {
    expect(extractKeywords('Réunion à Montréal', '')).toEqual(['réunion', 'montréal']);
    expect(extractKeywords('', 'Ремонт крыши')).toEqual(['ремонт', 'крыши']);
    expect(extractKeywords('', Array.from({ length: 100 }, (_, i) => `word${i}x`).join(' '), 10)).toHaveLength(10);
  });
});
