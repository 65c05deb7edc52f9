const HAN = /\p{Script=Han}/u;
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;

/**
 * Forward maximum matching: at each Chinese character, the longest string (up to `maxLength`
 * characters) that `isWord` accepts is the next word, or the character alone when none is.
 * Non-Chinese letters and digits come out as whole runs; anything else separates.
 */
export function segmentHan(
  text: string,
  isWord: (candidate: string) => boolean,
  maxLength: number,
): string[] {
  const characters = [...text.normalize("NFKC")];
  const words: string[] = [];
  let index = 0;
  while (index < characters.length) {
    const character = characters[index] ?? "";
    if (HAN.test(character)) {
      let length = 1;
      for (let size = Math.min(maxLength, characters.length - index); size > 1; size -= 1) {
        const slice = characters.slice(index, index + size);
        if (slice.every((c) => HAN.test(c)) && isWord(slice.join(""))) {
          length = size;
          break;
        }
      }
      words.push(characters.slice(index, index + length).join(""));
      index += length;
    } else if (WORD_CHARACTER.test(character)) {
      let end = index + 1;
      while (end < characters.length) {
        const next = characters[end] ?? "";
        if (!WORD_CHARACTER.test(next) || HAN.test(next)) break;
        end += 1;
      }
      words.push(characters.slice(index, end).join("").toLowerCase());
      index = end;
    } else {
      index += 1;
    }
  }
  return words;
}
