import { describe, expect, it } from 'vitest';
import { calendarDatePattern, formatCalendarDate, parseCalendarDate } from './calendar-date.js';

describe('calendar dates in the app language', () => {
  it('when an ISO date is shown, then it reads day/month/year in French and in English', () => {
    expect(formatCalendarDate('2025-03-09', 'fr')).toBe('09/03/2025');
    expect(formatCalendarDate('2025-12-31', 'en')).toBe('31/12/2025');
    expect(formatCalendarDate('', 'fr')).toBe('');
    expect(formatCalendarDate('31/12/2025', 'fr')).toBe('');
  });

  it('when the typing pattern is asked for, then it uses the language letters', () => {
    expect(calendarDatePattern('fr')).toBe('jj/mm/aaaa');
    expect(calendarDatePattern('en')).toBe('dd/mm/yyyy');
  });

  it('when a date is typed day first, with slashes, dots, dashes or one digit, then it becomes ISO', () => {
    expect(parseCalendarDate('31/12/2025', 'fr')).toBe('2025-12-31');
    expect(parseCalendarDate(' 1/2/2025 ', 'fr')).toBe('2025-02-01');
    expect(parseCalendarDate('01.02.2025', 'en')).toBe('2025-02-01');
    expect(parseCalendarDate('29-02-2024', 'en')).toBe('2024-02-29');
  });

  it('when the text is no day of the calendar, then it is refused rather than guessed', () => {
    for (const text of [
      '',
      '31/02/2025',
      '29/02/2025',
      '12/31/2025',
      '2025-12-31',
      '01/02/25',
      '1/2',
      '00/01/2025',
      'abc',
      '01/02/2025/03',
      '001/02/2025',
    ])
      expect(parseCalendarDate(text, 'fr'), text).toBeUndefined();
  });
});
