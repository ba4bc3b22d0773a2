import type { InputIssue } from '../engine/errors';

/**
 * Why an API call failed. `invalid_request`: the payload did not match the channel's schema (a programming or
 * transport error); `invalid_input`: the user's data (YAML, ONNX, options) is wrong — `issues` says where;
 * `not_found`: an id that does not exist; `conflict`: the call is not allowed in the current state (e.g.
 * deleting a running run); `internal`: anything else.
 */
export type ApiErrorCode = 'invalid_request' | 'invalid_input' | 'not_found' | 'conflict' | 'unauthorized' | 'internal';

export interface ApiErrorData {
  readonly code: ApiErrorCode;
  readonly message: string;
  readonly issues?: readonly InputIssue[];
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: readonly InputIssue[];

  constructor(code: ApiErrorCode, message: string, issues: readonly InputIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toData(): ApiErrorData {
    return this.issues.length > 0 ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromData(data: ApiErrorData): ApiError {
    return new ApiError(data.code, data.message, data.issues ?? []);
  }

  static notFound(what: string, id: number | string): ApiError {
    return new ApiError('not_found', `${what} ${id} does not exist`);
  }
}

/** What travels back over IPC / HTTP for every call: errors are values, so their code and issues survive the trip. */
export type ApiEnvelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorData };

export function isApiErrorData(value: unknown): value is ApiErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && typeof v['message'] === 'string';
}
