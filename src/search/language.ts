import type { Language } from "../knowledge/types.js";

// A Chinese character carries about as much as a short word; count it as three letters so
// that "格拉济耶夫 on sanctions" is weighed fairly against the Latin letters around it.
const HAN_WEIGHT = 3;
// One pass over the text: a Chinese character, a Cyrillic letter, or any other letter.
const LETTER = /(\p{Script=Han})|(\p{Script=Cyrillic})|\p{L}/gu;

/**
 * The language a question is written in, from its script: Cyrillic → ru, Chinese characters
 * → zh, anything else → en. Mixed text goes to the script with the most (weighted) letters.
 */
export function detectLanguage(text: string): Language {
  let cyrillic = 0;
  let han = 0;
  let other = 0;
  for (const match of text.matchAll(LETTER)) {
    if (match[1]) han += HAN_WEIGHT;
    else if (match[2]) cyrillic += 1;
    else other += 1;
  }
  if (han > cyrillic && han > other) return "zh";
  if (cyrillic > other && cyrillic >= han) return "ru";
  return "en";
}
