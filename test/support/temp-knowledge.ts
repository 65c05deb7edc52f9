import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Files to write, by path relative to a fresh temporary folder. */
export type Tree = Record<string, string | Buffer>;

const made: string[] = [];

/** Writes `tree` into a new temporary folder and returns its path. */
export async function writeTree(tree: Tree): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "knowledge-"));
  made.push(root);
  for (const [path, content] of Object.entries(tree)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return root;
}

/** Removes every folder `writeTree` made. */
export async function removeTrees(): Promise<void> {
  await Promise.all(made.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

/** A valid document file; pass `front` lines to replace the default front matter. */
export function docFile(options: { front?: string; body?: string } = {}): string {
  const front =
    options.front ??
    'title: "A Title"\nauthor: Jane Roe\nsource: The Paper\npublished: 2020-01-02\noriginal: true';
  const body = options.body ?? "First paragraph.\n\nSecond paragraph.";
  return `---\n${front}\n---\n\n${body}\n`;
}

export const TRANSLATION_FRONT =
  'title: "Заголовок"\nsource: Газета\npublished: 2020-01-02\ntranslated_from: en';
