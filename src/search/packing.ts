/**
 * Plain data (objects, arrays, numbers, strings) with typed arrays in it, as one JSON header and
 * one binary payload that the typed arrays are read back from as views, without a copy. The
 * index cache stores packed indexes this way.
 */

type TypedArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

const CONSTRUCTORS = {
  Int32Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Float64Array,
} as const;
type ArrayKind = keyof typeof CONSTRUCTORS;

/** Where a typed array sits in the payload. */
interface ArrayReference {
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
 * The value back, its typed arrays viewing `payload` (which must start on an 8-byte boundary).
 * @throws {PackingError} when the header does not fit the payload
 */
export function unpack(header: unknown, payload: Uint8Array): unknown {
  if (payload.byteOffset % ALIGNMENT !== 0)
    throw new PackingError("the payload does not start on an 8-byte boundary");
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      if ("$array" in node) return arrayOf(node as ArrayReference, payload);
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    }
    return node;
  };
  return walk(header);
}

function arrayOf(reference: ArrayReference, payload: Uint8Array): TypedArray {
  const Constructor = CONSTRUCTORS[reference.$array];
  if (!Constructor) throw new PackingError(`unknown array type ${String(reference.$array)}`);
  const { offset, length } = reference;
  const bytes = length * Constructor.BYTES_PER_ELEMENT;
  if (
    !Number.isInteger(offset) ||
    !Number.isInteger(length) ||
    offset < 0 ||
    length < 0 ||
    offset % ALIGNMENT !== 0 ||
    offset + bytes > payload.byteLength
  )
    throw new PackingError(`an array at ${offset} (${bytes} bytes) lies outside the payload`);
  return new Constructor(payload.buffer as ArrayBuffer, payload.byteOffset + offset, length);
}
