/**
 * Electron main process: one hardened window, the workspace services, ipcMain handlers generated from the API
 * table, and the pipeline in utility processes.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname } from 'node:path';
import { rendererCsp } from '../shared/csp';
import { forwardEvents, registerIpc } from './ipc';
import { utilityProcessLauncher } from './utility-launcher';
import { allowDevServerOrigin, hardenSession, hardenWebContents } from './security';
import { callLogger, createStudioServices, type StudioServices } from '../app/services';
import { engineBridge } from '../app/services/engine';
import { defaultWorkspacePath } from '../app/store/database';
import { resolveStatic } from '../app/static-files';
import { APP_ORIGIN, APP_SCHEME, windowOptions } from './window';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Directory of the built main bundle (CommonJS or ESM output). */
const here = typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));

let services: StudioServices | undefined;
let mainWindow: BrowserWindow | undefined;

/** Serves out/renderer under app://studio/ with the strict CSP as a real response header. */
function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = resolveStatic(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', rendererCsp());
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(join(here, '../preload/index.js')));
  hardenWebContents(window.webContents, (url) => void shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  const devServer = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  if (devServer) allowDevServerOrigin(devServer);
  void window.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
  return window;
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => void shell.openExternal(url)));

/**
 * The shared default workspace (the web host's and the CLI's too); a workspace an earlier version kept in Electron's
 * user-data folder stays in use while the shared one does not exist, so nothing saved there is left behind.
 */
function desktopWorkspacePath(): string {
  const shared = defaultWorkspacePath(process.env);
  const earlier = join(app.getPath('userData'), 'workspace.sqlite');
  return !process.env['STREAM_STUDIO_DB'] && !existsSync(shared) && existsSync(earlier) ? earlier : shared;
}

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer(join(here, '../renderer'));
  try {
    services = createStudioServices({
      dbPath: desktopWorkspacePath(),
      engine: engineBridge,
      launcher: utilityProcessLauncher(utilityProcess, join(here, 'worker.js')),
      resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'),
      log: (message) => console.warn(message),
      onCall: callLogger(process.env, (line) => console.warn(line)),
    });
  } catch (error) {
    // E.g. a workspace written by a newer version: say so and stop, touching nothing.
    dialog.showErrorBox('Stream Studio cannot open its workspace', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  registerIpc(ipcMain, services.dispatch);
  forwardEvents(services.events, () => mainWindow?.webContents);
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !services) return;
  event.preventDefault();
  quitting = true;
  void services.close().finally(() => app.quit());
});
