import { parsePublished } from "../knowledge/published.js";

const MONTHS: Record<string, number> = {};
const monthNames: readonly (readonly string[])[] = [
  ["january", "jan", "января", "январь", "янв"],
  ["february", "feb", "февраля", "февраль", "фев"],
  ["march", "mar", "марта", "март", "мар"],
  ["april", "apr", "апреля", "апрель", "апр"],
  ["may", "мая", "май"],
  ["june", "jun", "июня", "июнь", "июн"],
  ["july", "jul", "июля", "июль", "июл"],
  ["august", "aug", "августа", "август", "авг"],
  ["september", "sep", "sept", "сентября", "сентябрь", "сен"],
  ["october", "oct", "октября", "октябрь", "окт"],
  ["november", "nov", "ноября", "ноябрь", "ноя"],
  ["december", "dec", "декабря", "декабрь", "дек"],
];
monthNames.forEach((names, i) => {
  for (const name of names) MONTHS[name] = i + 1;
});

const MONTH = "([A-Za-zА-Яа-яЁё]{3,10})\\.?";
const pad = (n: number): string => String(n).padStart(2, "0");

function build(year: number | undefined, month?: number, day?: number): string | undefined {
  let iso: string;
  if (year === undefined) {
    if (month === undefined || day === undefined) return undefined;
    iso = `--${pad(month)}-${pad(day)}`;
  } else if (month === undefined) iso = String(year);
  else if (day === undefined) iso = `${year}-${pad(month)}`;
  else iso = `${year}-${pad(month)}-${pad(day)}`;
  return parsePublished(iso) ? iso : undefined;
}

const monthOf = (name: string | undefined): number | undefined =>
  name ? MONTHS[name.toLowerCase()] : undefined;

/**
 * Reads a date as a source writes it and returns it as precisely as given, in the form the
 * knowledge files use: `2019-4-4` → `2019-04-04`, `April 2019` → `2019-04`, `July 24` →
 * `--07-24`, `2019-04-04T10:00:00Z` → `2019-04-04` (the date as written, no time zone
 * arithmetic), `4 апреля 2019 г.`, `2019年4月4日`. `undefined` when it is not a date.
 */
export function normalizeDate(raw: string): string | undefined {
  const text = raw.trim().replace(/\s+/g, " ");
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})[-/.](\d{1,2})$/.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]));
  m = /^(\d{4})$/.exec(text);
  if (m) return build(Number(m[1]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text); // 04.04.2019, as written in Russia
  if (m) return build(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$/.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
  m = /^(\d{1,2})\s*月\s*(\d{1,2})\s*日$/.exec(text);
  if (m) return build(undefined, Number(m[1]), Number(m[2]));
  m = new RegExp(`^${MONTH} (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?$`).exec(text);
  if (m && monthOf(m[1]))
    return build(m[3] ? Number(m[3]) : undefined, monthOf(m[1]), Number(m[2]));
  m = new RegExp(`^(\\d{1,2}) ${MONTH}(?:,? (\\d{4})(?: ?г\\.?| года)?)?$`).exec(text);
  if (m && monthOf(m[2]))
    return build(m[3] ? Number(m[3]) : undefined, monthOf(m[2]), Number(m[1]));
  m = new RegExp(`^${MONTH},? (\\d{4})(?: ?г\\.?| года)?$`).exec(text);
  if (m && monthOf(m[1])) return build(Number(m[2]), monthOf(m[1]));
  return undefined;
}
