import type { PublishedDate } from "./types.js";

// ISO 8601 forms, as precise as the source is: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD (no year).
const FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
const MONTH_DAY = /^--(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(month: number, day: number, year?: number): boolean {
  if (month < 1 || month > 12) return false;
  const max = DAYS_IN_MONTH[month - 1] ?? 0;
  if (day < 1 || day > max) return false;
  if (year !== undefined && month === 2 && day === 29) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  }
  return true;
}

/**
 * Parses a `published` value. Returns `undefined` when it is not one of the accepted forms
 * or is not a real date.
 */
export function parsePublished(raw: string): PublishedDate | undefined {
  let m = FULL.exec(raw);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(month, day, year) ? { year, month, day, raw } : undefined;
  }
  m = YEAR_MONTH.exec(raw);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    return month >= 1 && month <= 12 ? { year, month, raw } : undefined;
  }
  m = YEAR.exec(raw);
  if (m) return { year: Number(m[1]), raw };
  m = MONTH_DAY.exec(raw);
  if (m) {
    const [month, day] = [Number(m[1]), Number(m[2])];
    return validDay(month, day) ? { month, day, raw } : undefined;
  }
  return undefined;
}

const LOCALES = { en: "en-GB", ru: "ru-RU", zh: "zh-CN" } as const;

/**
 * Formats a date for people, never adding precision the source did not give:
 * "4 April 2019", "4 апреля 2019 г.", "2019年4月4日"; "24 July" when there is no year.
 */
export function formatPublished(date: PublishedDate, language: keyof typeof LOCALES): string {
  const locale = LOCALES[language];
  // A leap year stands in when the source gives no year, so that 29 February still formats.
  const year = date.year ?? 2000;
  const utc = new Date(Date.UTC(year, (date.month ?? 1) - 1, date.day ?? 1));
  const options: Intl.DateTimeFormatOptions = { timeZone: "UTC" };
  if (date.year !== undefined) options.year = "numeric";
  if (date.month !== undefined) options.month = "long";
  if (date.day !== undefined) options.day = "numeric";
  return new Intl.DateTimeFormat(locale, options).format(utc);
}
