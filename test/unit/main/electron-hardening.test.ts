import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { CHANNEL_NAMES, IPC_PREFIX } from '../../../src/shared/channel-names';
import { registerIpc } from '../../../src/main/ipc';
import { hardenSession, hardenWebContents, isAppUrl } from '../../../src/main/security';
import { APP_ORIGIN, windowOptions } from '../../../src/main/window';
import { rendererCsp } from '../../../src/shared/csp';
import type { Dispatch } from '../../../src/app/services/dispatch';

describe('Electron hardening', () => {
  it('creates the window isolated, sandboxed, without Node and with web security', () => {
    const options = windowOptions('/app/preload/index.js');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('uses a strict CSP: own scripts only, no eval, no objects, no framing', () => {
    const csp = rendererCsp();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
      on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(name, listener),
    };
    const opened: string[] = [];
    hardenWebContents(contents as never, (url) => opened.push(url));

    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);

    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///tmp/x.html')).toBe(true);
    expect(navigate(`${APP_ORIGIN}/index.html`)).toBe(false);
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(isAppUrl('app://studio.evil/index.html')).toBe(false);
  });

  it('denies every permission request', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    hardenSession({ setPermissionRequestHandler: (h: typeof request) => (request = h), setPermissionCheckHandler: (h: typeof check) => (check = h) } as never);
    const answers: boolean[] = [];
    request!(null, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(check!()).toBe(false);
  });

  it('registers one validated ipcMain handler per channel and refuses foreign frames', async () => {
    const handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();
    const ipcMain = { handle: (name: string, h: (event: unknown, payload: unknown) => unknown) => handlers.set(name, h), removeHandler: vi.fn() };
    const calls: [string, unknown][] = [];
    const dispatch: Dispatch = async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true, value: null };
    };
    registerIpc(ipcMain as never, dispatch);
    expect([...handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((c) => `${IPC_PREFIX}${c}`).sort());

    const fromApp = { senderFrame: { url: `${APP_ORIGIN}/index.html` } };
    await handlers.get(`${IPC_PREFIX}projects.list`)!(fromApp, undefined);
    expect(calls).toEqual([['projects.list', undefined]]);

    const fromElsewhere = { senderFrame: { url: 'https://evil.example/' } };
    const refused = (await handlers.get(`${IPC_PREFIX}projects.delete`)!(fromElsewhere, { projectId: 1 })) as { ok: boolean; error: { code: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toBe('unauthorized');
    expect(calls).toHaveLength(1);
  });
});
