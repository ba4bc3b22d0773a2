/**
 * Binary request bodies over HTTP: a request with one top-level `Uint8Array` field (e.g. the bytes of an ONNX
 * file) is sent as `application/octet-stream` carrying those bytes, with the other fields as URI-encoded JSON in
 * a header. Over Electron IPC nothing is needed: structured clone carries a `Uint8Array` as is.
 */
export const BINARY_CONTENT_TYPE = 'application/octet-stream';
/** The request's other fields, as `encodeURIComponent(JSON.stringify(fields))`. */
export const REQUEST_FIELDS_HEADER = 'x-studio-request';
/** The name of the field the body's bytes belong to. */
export const BINARY_FIELD_HEADER = 'x-studio-binary-field';

export interface BinaryRequest {
  readonly fields: Record<string, unknown>;
  readonly field: string;
  readonly bytes: Uint8Array;
}

/** Splits a request with exactly one top-level Uint8Array field; undefined for a plain JSON request. */
export function splitBinaryRequest(request: unknown): BinaryRequest | undefined {
  if (!request || typeof request !== 'object' || Array.isArray(request)) return undefined;
  const entries = Object.entries(request as Record<string, unknown>);
  const binary = entries.filter(([, value]) => value instanceof Uint8Array);
  if (binary.length !== 1) return undefined;
  const [field, bytes] = binary[0] as [string, Uint8Array];
  return { fields: Object.fromEntries(entries.filter(([key]) => key !== field)), field, bytes };
}

/** Puts a binary request back together on the receiving side; throws on a malformed header. */
export function joinBinaryRequest(fieldsHeader: string | undefined, field: string | undefined, bytes: Uint8Array): Record<string, unknown> {
  if (!field || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(field)) throw new Error(`the ${BINARY_FIELD_HEADER} header must name the binary field`);
  const fields: unknown = fieldsHeader ? JSON.parse(decodeURIComponent(fieldsHeader)) : {};
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new Error(`the ${REQUEST_FIELDS_HEADER} header must hold a JSON object`);
  return { ...(fields as Record<string, unknown>), [field]: bytes };
}
