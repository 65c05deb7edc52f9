import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { StorageAdapter } from "grammy";
import { StartupError } from "../errors.js";

/** A store file that cannot be read: names it and says what is wrong. */
export class StoreError extends StartupError {
  override readonly name = "StoreError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `${file}: ${problem}. Fix or remove the file (it holds one user's settings), or set DATA_DIR to another folder.`,
      1,
    );
  }

  override get report(): string {
    return `Cannot open the preference store: ${this.message}`;
  }
}

const SUFFIX = ".json";
const encodeKey = (key: string) => encodeURIComponent(key);

/**
 * A grammY storage adapter keeping one JSON file per key, written atomically (temporary file,
 * fsync, rename): a crash at any moment leaves either the old or the new value, never a torn
 * file. A write that fails changes nothing, in memory or on disk. Values are read when first
 * asked for (start-up does not read 100,000 files) and kept in memory; a file that is not a
 * valid record counts as absent and is reported once through `onInvalid`, left as it is.
 */
export class FileStorage<T> implements StorageAdapter<T> {
  /** Values read or written so far; null: known to be absent. */
  private readonly values = new Map<string, T | null>();
  private readonly pending = new Map<string, Promise<void>>();
  private counter = 0;

  private constructor(
    readonly directory: string,
    private readonly validate: (value: unknown) => value is T,
    private readonly onInvalid: (error: StoreError) => void,
    /** Keep values in memory once read or written (preferences); off for an ever-growing log. */
    private readonly cache: boolean,
  ) {}

  /**
   * Opens (creating it if needed) the folder and removes temporary files left by a crash.
   * @throws {StoreError} when the folder cannot be created or listed
   */
  static async open<T>(
    directory: string,
    validate: (value: unknown) => value is T,
    onInvalid: (error: StoreError) => void = () => {},
    options: { readonly cache?: boolean } = {},
  ): Promise<FileStorage<T>> {
    const store = new FileStorage(directory, validate, onInvalid, options.cache ?? true);
    try {
      await mkdir(directory, { recursive: true });
    } catch (error) {
      throw new StoreError(
        directory,
        `cannot create the data folder (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      throw new StoreError(
        directory,
        `cannot read the data folder (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    // A temporary file is a write that a crash interrupted; the value before it is intact.
    for (const name of names)
      if (name.endsWith(".tmp")) await rm(join(directory, name), { force: true });
    return store;
  }

  /**
   * The value of `key`, read from its file the first time.
   * @throws {StoreError} when the file exists but cannot be read (the caller degrades)
   */
  async read(key: string): Promise<T | undefined> {
    // Without a cache the file is the truth: let a write in flight land first.
    if (!this.cache) await this.pending.get(key)?.catch(() => {});
    const known = this.values.get(key);
    if (known !== undefined) return known ?? undefined;
    const file = this.fileOf(key);
    let text: string | undefined;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") throw new StoreError(file, `unreadable (${code})`);
    }
    const value = text === undefined ? null : this.parse(file, text);
    // A write that finished while the file was being read is newer: keep it.
    if (!this.cache)
      return this.values.has(key) ? (this.values.get(key) ?? undefined) : (value ?? undefined);
    if (!this.values.has(key)) this.values.set(key, value);
    return this.values.get(key) ?? undefined;
  }

  /** Resolves once the value is on disk; writes to one key happen in call order. */
  write(key: string, value: T): Promise<void> {
    // Never store what could not be read back at the next start.
    if (!this.validate(value))
      return Promise.reject(
        new StoreError(encodeKey(key) + SUFFIX, "refusing to store an invalid settings record"),
      );
    return this.enqueue(key, async () => {
      await this.persist(key, value);
      if (this.cache) this.values.set(key, value);
    });
  }

  delete(key: string): Promise<void> {
    return this.enqueue(key, async () => {
      await rm(this.fileOf(key), { force: true });
      if (this.cache) this.values.set(key, null);
    });
  }

  /**
   * Every stored key and value, read from the folder (the question log sums them up). A file
   * that is not a valid record is skipped, as `read` treats it as absent.
   */
  async *readAllEntries(): AsyncIterable<[string, T]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      throw new StoreError(
        this.directory,
        `cannot read the data folder (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    const keys = new Set(
      names
        .filter((n) => n.endsWith(SUFFIX))
        .map((n) => decodeURIComponent(n.slice(0, -SUFFIX.length))),
    );
    for (const [key, value] of this.values) if (value !== null) keys.add(key);
    for (const key of keys) {
      const value = await this.read(key).catch(() => undefined);
      if (value !== undefined) yield [key, value];
    }
  }

  /** Waits for every write in flight (used at shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled(this.pending.values());
  }

  private fileOf(key: string): string {
    return join(this.directory, encodeKey(key) + SUFFIX);
  }

  /** The record in `text`, or null (reported once) when it is not one. */
  private parse(file: string, text: string): T | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.onInvalid(new StoreError(file, "corrupt: not valid JSON"));
      return null;
    }
    if (this.validate(value)) return value;
    this.onInvalid(new StoreError(file, "corrupt: not a valid settings record"));
    return null;
  }

  private enqueue(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.pending.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.pending.set(key, next);
    void next
      .finally(() => {
        if (this.pending.get(key) === next) this.pending.delete(key);
      })
      .catch(() => {});
    return next;
  }

  /** Writes a temporary file and renames it over the record; on failure removes it. */
  private async persist(key: string, value: T): Promise<void> {
    const file = this.fileOf(key);
    const temporary = `${file}.${process.pid}.${this.counter++}.tmp`;
    try {
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(JSON.stringify(value));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      throw error;
    }
  }
}
