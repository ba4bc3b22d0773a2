import { formatIssueInPlace } from '../../engine/browser';
import type { StudioApi } from '../../shared/api';
import { createWebClient } from '../../shared/web-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser (web host). */
    studio?: StudioApi;
  }
}

const TOKEN_KEY = 'stream-studio.token';

/**
 * The API the whole renderer talks to: the preload's `window.studio` in Electron, else a web client for the
 * host that served this page, authenticated with the token from the page URL (kept in sessionStorage so that
 * reloads and in-app navigation that drop the query string keep working).
 */
export function connectStudio(location: Location = window.location, storage: Storage = window.sessionStorage): StudioApi {
  if (window.studio) return window.studio;
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) storage.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? storage.getItem(TOKEN_KEY) ?? '';
  return createWebClient({ baseUrl: location.origin, token });
}

/** The message of an API failure, with the input issues it carries (file: field: expected ...). */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object') {
    const issues = (error as { issues?: readonly { file: string; field: string; expected: string; found?: string }[] }).issues;
    const message = (error as { message?: string }).message ?? String(error);
    if (issues && issues.length > 0) {
      return `${message}\n${issues.map((i) => formatIssueInPlace(i, '')).join('\n')}`;
    }
    return message;
  }
  return String(error);
}
