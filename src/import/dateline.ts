import { normalizeDate } from "./dates.js";

/**
 * News agencies as their datelines name them, with the name a reader knows them by. An agency
 * missing here is kept as the dateline writes it.
 */
const AGENCIES: Readonly<Record<string, string>> = {
  AP: "Associated Press",
  AFP: "Agence France-Presse",
  ANI: "Asian News International",
  DPA: "Deutsche Presse-Agentur",
  EIRNS: "EIR News Service",
  IANS: "Indo-Asian News Service",
  PTI: "Press Trust of India",
  UPI: "United Press International",
  REUTERS: "Reuters",
  XINHUA: "Xinhua",
  TASS: "TASS",
  ИТАР: "ИТАР-ТАСС",
  ТАСС: "ТАСС",
  "РИА НОВОСТИ": "РИА Новости",
  INTERFAX: "Interfax",
  ИНТЕРФАКС: "Интерфакс",
  KYODO: "Kyodo News",
  YONHAP: "Yonhap",
  新华社: "新华社",
  中新社: "中国新闻社",
};

/** What a dateline states: when, and which agency reported it. */
export interface Dateline {
  readonly published?: string;
  readonly agency?: string;
}

// "July 24 (EIRNS)—", "BEIJING, April 4 (Xinhua) --", "MOSCOW, 4 April 2019 (TASS) -"
const DATELINE =
  /^(?:[\p{Lu}][\p{Lu}\p{Ll} .'-]{1,30},\s*)?([\p{L}\d ,.]{3,30}?)\s*\(([^()]{2,30})\)\s*(?:—|–|--|-)/u;

/** Reads a news dateline at the start of a paragraph, if there is one. */
export function parseDateline(paragraph: string): Dateline | undefined {
  const match = DATELINE.exec(paragraph);
  if (!match) return undefined;
  const published = normalizeDate((match[1] ?? "").replace(/,$/, ""));
  if (!published) return undefined;
  const code = (match[2] ?? "").trim();
  return { published, agency: AGENCIES[code.toUpperCase()] ?? code };
}
