/**
 * Plain data (objects, arrays, numbers, strings) with typed arrays in it, as one JSON header and
 * one binary payload of the arrays' bytes. The index cache stores packed indexes this way and
 * reads each array back into a buffer of its own, so that no single allocation holds the whole
 * file (1.6 GB at a million paragraphs; `readFile` refuses files over 2 GiB).
 */

export type TypedArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

const CONSTRUCTORS = {
  Int32Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Float64Array,
} as const;
type ArrayKind = keyof typeof CONSTRUCTORS;

/** Where a typed array sits in the payload. */
export interface ArrayReference {
  readonly $array: ArrayKind;
  readonly offset: number;
  readonly length: number;
}

/** Every array starts on a multiple of 8 bytes, so that any typed array can view it in place. */
const ALIGNMENT = 8;

function kindOf(value: unknown): ArrayKind | undefined {
  for (const kind of Object.keys(CONSTRUCTORS) as ArrayKind[])
    if (value instanceof CONSTRUCTORS[kind]) return kind;
  return undefined;
}

/** The header (JSON-safe, arrays replaced by references) and the payload's pieces. */
export function pack(value: unknown): { header: unknown; pieces: Uint8Array[]; size: number } {
  const pieces: Uint8Array[] = [];
  let size = 0;
  const walk = (node: unknown): unknown => {
    const kind = kindOf(node);
    if (kind) {
      const array = node as TypedArray;
      const padding = (ALIGNMENT - (size % ALIGNMENT)) % ALIGNMENT;
      if (padding) {
        pieces.push(new Uint8Array(padding));
        size += padding;
      }
      const reference: ArrayReference = { $array: kind, offset: size, length: array.length };
      pieces.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      size += array.byteLength;
      return reference;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    return node;
  };
  const header = walk(value);
  return { header, pieces, size };
}

/** Thrown when a header points outside its payload or names an unknown array type. */
export class PackingError extends Error {
  override readonly name = "PackingError";
}

/**
 * The arrays a header refers to, in payload order, each checked to lie inside a payload of
 * `size` bytes, aligned, and clear of the one before.
 * @throws {PackingError} when a reference is malformed or out of place
 */
export function referencesIn(header: unknown, size: number): ArrayReference[] {
  const found: ArrayReference[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if ("$array" in node) found.push(node as ArrayReference);
      else Object.values(node).forEach(walk);
    }
  };
  walk(header);
  found.sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const reference of found) {
    const Constructor = CONSTRUCTORS[reference.$array];
    if (!Constructor) throw new PackingError(`unknown array type ${String(reference.$array)}`);
    const { offset, length } = reference;
    const bytes = length * Constructor.BYTES_PER_ELEMENT;
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      length < 0 ||
      offset < end ||
      offset % ALIGNMENT !== 0 ||
      offset + bytes > size
    )
      throw new PackingError(`an array at ${offset} (${bytes} bytes) lies outside its place`);
    end = offset + bytes;
  }
  return found;
}

/** A new, empty typed array of the type and length a reference names. */
export function arrayFor(reference: ArrayReference): TypedArray {
  return new CONSTRUCTORS[reference.$array](reference.length);
}

/** The value back, each reference replaced by the array read for it (by offset). */
export function unpack(header: unknown, arrays: ReadonlyMap<number, TypedArray>): unknown {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      if ("$array" in node) {
        const array = arrays.get((node as ArrayReference).offset);
        if (!array) throw new PackingError("an array was not read");
        return array;
      }
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    }
    return node;
  };
  return walk(header);
}
