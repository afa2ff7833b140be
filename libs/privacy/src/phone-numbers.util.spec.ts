import { countryForTimeZone, findPhoneNumbers, phoneDigits } from './phone-numbers.util';

const found = (text: string, country?: Parameters<typeof findPhoneNumbers>[1]): string[] =>
  findPhoneNumbers(text, country).map((p) => text.slice(p.start, p.end));

describe('findPhoneNumbers', () => {
  it.each([
    ['+1 (416) 555-0199', 'CA'],
    ['416-555-0199', 'CA'],
    ['(416) 555 0199', 'CA'],
    ['555-0199', 'CA'],
    ['4165550199', 'CA'],
    ['+44 20 7946 0958', 'CA'],
    ['020 7946 0958', 'GB'],
    ['020 7946 0958', 'CA'],
    ['+49 30 901820', 'FR'],
    ['030 901820', 'DE'],
    ['0041 44 668 18 00', 'CA'],
    ['0041 44 668 18 00', 'CH'],
    ['01 42 68 53 00', 'FR'],
    ['06-12-34-56-78', 'FR'],
    ['+33 1 42 68 53 00', undefined],
  ] as const)('finds %s (default country %s)', (phone, country) => {
    expect(found(`Call me at ${phone}, thanks.`, country)).toEqual([phone]);
  });

  it('finds several numbers on one line and none across lines', () => {
    expect(found('Tel 416-555-0199 / 416-555-0100, fax (416) 555 0111', 'CA')).toEqual(['416-555-0199', '416-555-0100', '(416) 555 0111']);
    expect(found('416\n555\n0199', 'CA')).toEqual([]);
  });

  it.each([
    'room 102', 'NS-12', 'NS-1234567', '3 times on 2026-11-23 at 14:30', '$1,250.00', '1.250.000 €', 'version 10.4.2',
    'in 2026', '2019-2026', 'ticket 20261123', '23.11.2026', '11/23/2026', '2026/11/23', '192.168.100.200',
    '[   67.245724]', '0000000000 - 0000001000', 'https://example.com/7/948/166/01', 'id=4165550199',
    'ISBN 978-3-16-148410-0', 'commit 3f9a2b1c0d4165550199',
  ])('leaves %s alone in every country', (text) => {
    for (const country of ['CA', 'US', 'GB', 'DE', 'FR', 'CH', undefined] as const) expect(found(text, country)).toEqual([]);
  });

  it('reports the national number', () => {
    expect(findPhoneNumbers('+1 (416) 555-0199', 'CA')[0].digits).toBe('4165550199');
  });
});

describe('phoneDigits', () => {
  it.each([
    ['+1 (416) 555-0199', 'CA', '4165550199'],
    ['416-555-0199', 'CA', '4165550199'],
    ['020 7946 0958', 'GB', '2079460958'],
    ['0041 44 668 18 00', undefined, '446681800'],
  ] as const)('%s → %s', (phone, country, digits) => {
    expect(phoneDigits(phone, country)).toBe(digits);
  });
});

describe('countryForTimeZone', () => {
  it.each([
    ['America/Toronto', 'CA'],
    ['Europe/Berlin', 'DE'],
    ['Europe/London', 'GB'],
    ['US/Eastern', 'US'],
    ['Asia/Calcutta', 'IN'],
    ['UTC', undefined],
    ['Nowhere/City', undefined],
    [null, undefined],
  ])('%s → %s', (zone, country) => {
    expect(countryForTimeZone(zone)).toBe(country);
  });
});
