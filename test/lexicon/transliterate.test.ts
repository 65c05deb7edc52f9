import { describe, expect, it } from "vitest";
import {
  CYRILLIC_CANDIDATE_LIMIT,
  cyrillicCandidates,
  latinCandidates,
} from "../../src/lexicon/index.js";

describe("latinCandidates", () => {
  it("spells Глазьев the ways English texts do: glazyev, glaziev, glazev", () => {
    expect(latinCandidates("Глазьев")).toEqual(
      expect.arrayContaining(["glazyev", "glaziev", "glazev"]),
    );
  });

  it("puts the Wikipedia spelling first", () => {
    expect(latinCandidates("Хрущёв")[0]).toBe("khrushchyov");
    expect(latinCandidates("Хрущев")[0]).toBe("khrushchev");
  });

  it("gives one spelling when every scheme agrees: Тесла is tesla", () => {
    expect(latinCandidates("Тесла")).toEqual(["tesla"]);
  });

  it("reads Э as e: Эдисон is edison", () => {
    expect(latinCandidates("Эдисон")).toContain("edison");
  });

  it("offers the foreign-name reading of ю after a consonant: Лютер gives luter", () => {
    expect(latinCandidates("Лютер")).toEqual(expect.arrayContaining(["lyuter", "luter"]));
  });

  it("reads кс as x and х as h in the foreign-name reading", () => {
    expect(latinCandidates("Максвелл")).toContain("maxvell");
    expect(latinCandidates("Хемингуэй")).toContain("hemingwey");
  });

  it("returns lowercase ASCII letters only", () => {
    for (const spelling of latinCandidates("Щёкин-Кротова")) {
      expect(spelling).toMatch(/^[a-z-]+$/);
    }
  });

  it("gives nothing for a word that is not Cyrillic", () => {
    expect(latinCandidates("tesla")).toEqual([]);
    expect(latinCandidates("")).toEqual([]);
  });
});

describe("cyrillicCandidates", () => {
  it("spells tesla as тесла first", () => {
    expect(cyrillicCandidates("tesla")[0]).toBe("тесла");
  });

  it("reads th as т and lu as лю: luther is лютер first", () => {
    expect(cyrillicCandidates("Luther")[0]).toBe("лютер");
  });

  it("reads an initial e as э: edison is эдисон first", () => {
    expect(cyrillicCandidates("Edison")[0]).toBe("эдисон");
  });

  it("offers вестингауз for westinghouse", () => {
    expect(cyrillicCandidates("Westinghouse")).toContain("вестингауз");
  });

  it("brings the transliterated surname back: glazyev and glaziev give глазьев first", () => {
    expect(cyrillicCandidates("glazyev")[0]).toBe("глазьев");
    expect(cyrillicCandidates("glaziev")[0]).toBe("глазьев");
  });

  it("reads -sky as -ский and ai as ай: Tchaikovsky is чайковский", () => {
    expect(cyrillicCandidates("Tchaikovsky")[0]).toBe("чайковский");
  });

  it("returns at most the candidate limit, without duplicates", () => {
    const candidates = cyrillicCandidates("Schwarzenegger");
    expect(candidates.length).toBeLessThanOrEqual(CYRILLIC_CANDIDATE_LIMIT);
    expect(new Set(candidates).size).toBe(candidates.length);
  });

  it("gives nothing for a word that is not Latin", () => {
    expect(cyrillicCandidates("тесла")).toEqual([]);
    expect(cyrillicCandidates("特斯拉")).toEqual([]);
    expect(cyrillicCandidates("")).toEqual([]);
  });
});
