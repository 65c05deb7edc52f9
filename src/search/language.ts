import type { Language } from "../knowledge/types.js";

// A Chinese character carries about as much as a short word; count it as three letters so
// that "格拉济耶夫 on sanctions" is weighed fairly against the Latin letters around it.
const HAN_WEIGHT = 3;

/**
 * The language a question is written in, from its script: Cyrillic → ru, Chinese characters
 * → zh, anything else → en. Mixed text goes to the script with the most (weighted) letters.
 */
export function detectLanguage(text: string): Language {
  let cyrillic = 0;
  let han = 0;
  let other = 0;
  for (const char of text) {
    if (/\p{Script=Han}/u.test(char)) han += HAN_WEIGHT;
    else if (/\p{Script=Cyrillic}/u.test(char)) cyrillic += 1;
    else if (/\p{L}/u.test(char)) other += 1;
  }
  if (han > cyrillic && han > other) return "zh";
  if (cyrillic > other && cyrillic >= han) return "ru";
  return "en";
}
