import type { Session, WebContents } from 'electron';
import { APP_ORIGIN } from './window';

const allowedOrigins = new Set([APP_ORIGIN]);

/** Development only: the electron-vite dev server that serves the renderer with hot reload. */
export function allowDevServerOrigin(url: string): void {
  allowedOrigins.add(new URL(url).origin);
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return allowedOrigins.has(`${u.protocol}//${u.host}`);
  } catch {
    return false;
  }
}

/** Navigation away from the app, new windows, webviews and permission prompts are all refused. */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
