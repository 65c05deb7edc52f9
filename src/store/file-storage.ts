import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { StorageAdapter } from "grammy";

/** A store file that cannot be read: names it and says what is wrong. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `${file}: ${problem}. Fix or remove the file (it holds one user's settings), or set DATA_DIR to another folder.`,
    );
  }
}

const SUFFIX = ".json";
const encodeKey = (key: string) => encodeURIComponent(key);
const decodeKey = (name: string) => decodeURIComponent(name.slice(0, -SUFFIX.length));

/**
 * A grammY storage adapter keeping one JSON file per key, written atomically (temporary file,
 * fsync, rename): a crash at any moment leaves either the old or the new value, never a torn
 * file. All values are read and checked when the store opens, and kept in memory.
 */
export class FileStorage<T> implements StorageAdapter<T> {
  private readonly values = new Map<string, T>();
  private readonly pending = new Map<string, Promise<void>>();
  private counter = 0;

  private constructor(
    readonly directory: string,
    private readonly validate: (value: unknown) => value is T,
  ) {}

  /**
   * Opens (creating it if needed) the folder and reads every value.
   * @throws {StoreError} naming the first file that is unreadable, not JSON, or not valid
   */
  static async open<T>(
    directory: string,
    validate: (value: unknown) => value is T,
  ): Promise<FileStorage<T>> {
    const store = new FileStorage(directory, validate);
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
    for (const name of names) {
      const file = join(directory, name);
      // A temporary file is a write that a crash interrupted; the value before it is intact.
      if (name.endsWith(".tmp")) {
        await rm(file, { force: true });
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        throw new StoreError(file, `unreadable (${(error as NodeJS.ErrnoException).code})`);
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new StoreError(file, "corrupt: not valid JSON");
      }
      if (!validate(value)) throw new StoreError(file, "corrupt: not a valid settings record");
      store.values.set(decodeKey(name), value);
    }
    return store;
  }

  read(key: string): T | undefined {
    return this.values.get(key);
  }

  /** Resolves once the value is on disk; writes to one key happen in call order. */
  write(key: string, value: T): Promise<void> {
    // Never store what could not be read back at the next start.
    if (!this.validate(value))
      return Promise.reject(
        new StoreError(encodeKey(key) + SUFFIX, "refusing to store an invalid settings record"),
      );
    this.values.set(key, value);
    return this.enqueue(key, () => this.persist(key, value));
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return this.enqueue(key, () =>
      rm(join(this.directory, encodeKey(key) + SUFFIX), { force: true }),
    );
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  *readAllEntries(): Iterable<[string, T]> {
    yield* this.values;
  }

  /** Waits for every write in flight (used at shutdown). */
  async flush(): Promise<void> {
    await Promise.all(this.pending.values());
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

  private async persist(key: string, value: T): Promise<void> {
    const file = join(this.directory, encodeKey(key) + SUFFIX);
    const temporary = `${file}.${process.pid}.${this.counter++}.tmp`;
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(JSON.stringify(value));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  }
}
