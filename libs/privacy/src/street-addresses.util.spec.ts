import { replaceStreetAddresses } from './street-addresses.util';

const scrub = (text: string): string => replaceStreetAddresses(text, '[address removed]').text;

describe('replaceStreetAddresses', () => {
  it.each([
    ['221B Baker Street', '[address removed]'],
    ['I live at 221B Baker Street, Toronto ON M5V 2T6 and work nearby.', 'I live at [address removed] and work nearby.'],
    ['1234 Elm St., Apt 5', '[address removed]'],
    ['100 W 42nd St, New York, NY 10036', '[address removed]'],
    ['12 rue de la Paix', '[address removed]'],
    ['8 bis avenue des Champs-Élysées, 75008 Paris', '[address removed]'],
    ['Hauptstraße 5', '[address removed]'],
    ['Berliner Straße 12a, 10115 Berlin', '[address removed]'],
    ['Ich wohne im Lindenweg 12, 10115 Berlin. Der Fluchtweg 2 war blockiert.', 'Ich wohne im [address removed]. Der Fluchtweg 2 war blockiert.'],
    ['Calle de Alcalá, 23', '[address removed]'],
    ['P.O. Box 1234', '[address removed]'],
    ['Postcode SW1A 1AA please', 'Postcode [address removed] please'],
  ])('%s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('takes the city, postal code and country lines after a street', () => {
    expect(scrub('Mon adresse :\n12 rue de la Paix\n75002 Paris\nFrance\nMerci')).toBe('Mon adresse :\n[address removed]\nMerci');
    expect(scrub('Hauptstraße 5\n10115 Berlin\nTel. 1')).toBe('[address removed]\nTel. 1');
  });

  it.each([
    'in room 102 on the second floor',
    'he did it 3 times down the road',
    'Auf Platz 2 der Liste, 3 Mal',
    'the staff room on floor 3, building 7',
    'Meeting at 10 in Conference Room B',
    'I walked 2 blocks down Main Street',
    'On 2026-11-23 at 14:30, order 12345 shipped',
  ])('leaves "%s" alone', (text) => {
    expect(scrub(text)).toBe(text);
  });
});
