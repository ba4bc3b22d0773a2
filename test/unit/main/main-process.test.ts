import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, IPC_PREFIX } from '../../../src/shared/channel-names';

const dir = mkdtempSync(join(tmpdir(), 'studio-main-'));
process.env['STREAM_STUDIO_DB'] = join(dir, 'workspace.sqlite');

const created: { options: Record<string, unknown>; url?: string }[] = [];
const handlers = new Map<string, unknown>();
const appListeners = new Map<string, (...args: unknown[]) => void>();
let ready!: () => void;
const whenReady = new Promise<void>((resolve) => (ready = resolve));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { setWindowOpenHandler: vi.fn(), on: vi.fn(), isDestroyed: () => false, send: vi.fn() };
    constructor(options: Record<string, unknown>) {
      created.push({ options });
    }
    once() {}
    loadURL(url: string) {
      created.at(-1)!.url = url;
      return Promise.resolve();
    }
    static getAllWindows() {
      return created;
    }
  }
  return {
    app: {
      whenReady: () => whenReady,
      on: (name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener),
      getPath: () => dir,
      getAppPath: () => join(__dirname, '../../..'),
      isPackaged: false,
      quit: vi.fn(),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: { handle: (name: string, h: unknown) => handlers.set(name, h), removeHandler: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
    net: { fetch: vi.fn() },
    utilityProcess: { fork: vi.fn() },
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Electron main process', () => {
  it('opens one hardened window on the app scheme and registers every channel', async () => {
    await import('../../../src/main/index');
    ready();
    await vi.waitFor(() => expect(created).toHaveLength(1), { timeout: 20_000 });
    const [window] = created;
    expect(window!.options['webPreferences']).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(window!.url).toBe('app://studio/index.html');
    expect([...handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map((c) => `${IPC_PREFIX}${c}`).sort());
    expect(appListeners.has('web-contents-created')).toBe(true);
    const event = { preventDefault: vi.fn() };
    appListeners.get('before-quit')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
  }, 30_000);
});
