import { parseQuietHours, quietHoursProblem } from './quiet-hours';

describe('quiet hours', () => {
  it('accepts HH:MM-HH:MM on a 24-hour clock, crossing midnight or not', () => {
    expect(quietHoursProblem('22:00-07:00')).toBeNull();
    expect(quietHoursProblem('12:30-13:15')).toBeNull();
    expect(quietHoursProblem('00:00-23:59')).toBeNull();
    expect(parseQuietHours('22:00-07:30')).toEqual({ start: 1320, end: 450 });
  });

  it('says what to write for anything else', () => {
    expect(quietHoursProblem('10pm-7am')).toMatch(/'HH:MM-HH:MM' on a 24-hour clock, such as '22:00-07:00'/);
    expect(quietHoursProblem('24:00-07:00')).toMatch(/24-hour clock/);
    expect(quietHoursProblem('22:00 - 07:00')).toMatch(/HH:MM-HH:MM/);
    expect(quietHoursProblem(2200)).toMatch(/quote it/);
    expect(quietHoursProblem('08:00-08:00')).toMatch(/start and end differ/);
    expect(() => parseQuietHours('7-8')).toThrow(/'7-8' is not valid/);
  });
});
