/**
 * Binary bodies over HTTP, both ways: a request or a reply value with one top-level `Uint8Array` field (the bytes
 * of an ONNX file, a run-file zip) is sent as `application/octet-stream` carrying those bytes, with the other
 * fields as URI-encoded JSON in a header. Over Electron IPC nothing is needed: structured clone carries a
 * `Uint8Array` as is.
 */
export const BINARY_CONTENT_TYPE = 'application/octet-stream';
/** The message's other fields, as `encodeURIComponent(JSON.stringify(fields))`. */
export const FIELDS_HEADER = 'x-studio-fields';
/** The name of the field the body's bytes belong to. */
export const BINARY_FIELD_HEADER = 'x-studio-binary-field';

export interface BinaryMessage {
  readonly fields: Record<string, unknown>;
  readonly field: string;
  readonly bytes: Uint8Array;
}

/** Splits a message with exactly one top-level Uint8Array field; undefined for a plain JSON message. */
export function splitBinaryMessage(message: unknown): BinaryMessage | undefined {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const entries = Object.entries(message as Record<string, unknown>);
  const binary = entries.filter(([, value]) => value instanceof Uint8Array);
  if (binary.length !== 1) return undefined;
  const [field, bytes] = binary[0] as [string, Uint8Array];
  return { fields: Object.fromEntries(entries.filter(([key]) => key !== field)), field, bytes };
}

/** Puts a binary message back together on the receiving side; throws on a malformed header. */
export function joinBinaryMessage(fieldsHeader: string | undefined, field: string | undefined, bytes: Uint8Array): Record<string, unknown> {
  if (!field || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(field)) throw new Error(`the ${BINARY_FIELD_HEADER} header must name the binary field`);
  const fields: unknown = fieldsHeader ? JSON.parse(decodeURIComponent(fieldsHeader)) : {};
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new Error(`the ${FIELDS_HEADER} header must hold a JSON object`);
  return { ...(fields as Record<string, unknown>), [field]: bytes };
}
