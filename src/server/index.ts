/**
 * The web host: serves the built renderer and the API contract (POST /api/<channel>, WebSocket /api/events) on
 * the loopback interface only, with a random per-session token required on every request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiEnvelope, ApiErrorCode } from '../shared/api';
import { BINARY_CONTENT_TYPE, BINARY_FIELD_HEADER, FIELDS_HEADER, joinBinaryMessage, splitBinaryMessage } from '../shared/binary-body';
import { rendererCsp } from '../shared/csp';
import { EVENTS_PATH, TOKEN_HEADER } from '../shared/web-client';
import { callLogger, createStudioServices, type StudioServices } from '../app/services';
import { engineBridge } from '../app/services/engine';
import { childProcessLauncher, type WorkerLauncher } from '../app/pipeline/launcher';
import { prepareWorkerEntry } from '../app/pipeline/worker-bundle';
import { resolveStatic, sendFile } from '../app/static-files';

export interface WebHostOptions {
  /** Must be a loopback address; anything else is refused. Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly dbPath: string;
  /** Built renderer (index.html + assets). Default out/renderer. */
  readonly rendererDir?: string;
  readonly concurrency?: number;
  readonly launcher?: WorkerLauncher;
  readonly seed?: boolean;
  readonly log?: (message: string) => void;
}

export interface WebHost {
  /** Page URL including the session token (?token=...). */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly services: StudioServices;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY_BYTES = 400 * 1024 * 1024;
const TOKEN_COOKIE = 'studio_token';

const STATUS: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  invalid_input: 422,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  internal: 500,
};

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v;
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/** A successful reply whose value carries one Uint8Array field goes out as its bytes (binary-body.ts). */
function sendReply(res: ServerResponse, envelope: ApiEnvelope<unknown>): void {
  const binary = envelope.ok ? splitBinaryMessage(envelope.value) : undefined;
  if (!binary) return sendJson(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  res.writeHead(200, {
    'content-type': BINARY_CONTENT_TYPE,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    [BINARY_FIELD_HEADER]: binary.field,
    [FIELDS_HEADER]: encodeURIComponent(JSON.stringify(binary.fields)),
  });
  res.end(binary.bytes);
}

function sendError(res: ServerResponse, code: ApiErrorCode, message: string): void {
  sendJson(res, STATUS[code], { ok: false, error: { code, message } } satisfies ApiEnvelope<never>);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const MISSING_RENDERER = `<!doctype html><meta charset="utf-8"><title>Stream Studio</title>
<p>The renderer is not built. Run <code>npm run build</code> (or <code>npx electron-vite build</code>) and reload.</p>`;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the web host binds only to the loopback interface (127.0.0.1 or ::1), not ${host}`);
  const token = randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir ?? join(process.cwd(), 'out', 'renderer');
  const worker = options.launcher ? undefined : await prepareWorkerEntry();
  let services: StudioServices;
  try {
    services = createStudioServices({
      dbPath: options.dbPath,
      engine: engineBridge,
      launcher: options.launcher ?? childProcessLauncher(worker!.entry),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.log ? { log: options.log } : {}),
      onCall: callLogger(process.env, options.log ?? ((line) => console.error(line))),
    });
  } catch (error) {
    worker?.dispose();
    throw error;
  }

  let port = 0;
  /** DNS-rebinding guard: the Host header must name our loopback address and port. */
  const hostAllowed = (req: IncomingMessage) => {
    const h = req.headers.host ?? '';
    return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 'internal', error instanceof Error ? error.message : String(error));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(req)) return sendError(res, 'unauthorized', 'unexpected Host header');
    if (url.pathname.startsWith('/api/')) {
      // API: header or query token only (a cookie alone could be replayed by another page: CSRF).
      if (!sameToken((req.headers[TOKEN_HEADER] as string | undefined) ?? url.searchParams.get('token'), token)) {
        return sendError(res, 'unauthorized', 'missing or wrong session token');
      }
      if (req.method !== 'POST') return sendError(res, 'invalid_request', 'use POST with a JSON (or, for file bytes, an octet-stream) body');
      const channel = url.pathname.slice('/api/'.length);
      let body: unknown;
      const binary = (req.headers['content-type'] ?? '').split(';')[0]!.trim() === BINARY_CONTENT_TYPE;
      try {
        const raw = await readBody(req);
        if (binary) {
          const header = (name: string) => req.headers[name] as string | undefined;
          body = joinBinaryMessage(header(FIELDS_HEADER), header(BINARY_FIELD_HEADER), new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
        } else body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch (error) {
        const what = binary ? 'a binary request' : 'JSON';
        return sendError(res, 'invalid_request', `${channel}: the body is not ${what} (${(error as Error).message})`);
      }
      const envelope = await services.dispatch(channel, body === null ? undefined : body);
      return sendReply(res, envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 'invalid_request', 'method not allowed');
    // Pages and assets: the token comes in the page URL; a strict same-site cookie carries it to the assets.
    const queryToken = url.searchParams.get('token');
    if (!sameToken(queryToken, token) && !sameToken(cookieToken(req), token)) {
      return sendError(res, 'unauthorized', 'missing or wrong session token: open the URL Stream Studio printed');
    }
    const securityHeaders = {
      'content-security-policy': rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    };
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const file = resolveStatic(rendererDir, isPage ? '/index.html' : url.pathname);
    if (!file) {
      if (isPage) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...securityHeaders });
        res.end(MISSING_RENDERER);
        return;
      }
      return sendError(res, 'not_found', `no such file ${url.pathname}`);
    }
    sendFile(res, file, file.endsWith('.html') ? securityHeaders : { 'cache-control': 'no-store' });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== EVENTS_PATH || !hostAllowed(req) || !originOk || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => undefined);
    });
  });
  const unsubscribe = services.events.onAny((event, payload) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host === '::1' ? '[::1]' : '127.0.0.1'}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    services,
    close() {
      closing ??= (async () => {
        unsubscribe();
        for (const ws of sockets) ws.terminate();
        wss.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await services.close();
        worker?.dispose();
      })();
      return closing;
    },
  };
}
