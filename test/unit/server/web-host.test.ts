import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../src/server';
import { createWebClient } from '../../../src/shared/web-client';
import type { WorkspaceChangedEvent } from '../../../src/shared/api';
import { TUTORIAL } from '../../support/reference';

let dir: string;
const ONNX_DIR = join(TUTORIAL, 'lab1/workload');
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stream Studio</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  host = await startWebHost({ port: 0, dbPath: join(dir, 'w.sqlite'), rendererDir, seed: false, concurrency: 1 });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web host', () => {
  it('listens on loopback only and refuses other interfaces', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    expect(host.url).toContain(`token=${host.token}`);
    await expect(startWebHost({ host: '0.0.0.0', port: 0, dbPath: join(dir, 'x.sqlite'), seed: false })).rejects.toThrow(/loopback/);
  });

  it('is not reachable on the machine\'s other interfaces', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // a machine with loopback only: nothing else to try
    const { port } = new URL(host.origin);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: external.address, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('rejects API calls without the token or with a wrong one', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-studio-token': 'wrong' }, { cookie: `studio_token=${host.token}` }];
    for (const headers of attempts) {
      const res = await fetch(`${host.origin}/api/projects.list`, { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const ok = await fetch(`${host.origin}/api/projects.list?token=${host.token}`, { method: 'POST', body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('serves the page only with the token, with a strict CSP, and its assets through the session cookie', async () => {
    expect((await get('/')).status).toBe(401);
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Stream Studio');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
    expect((await get('/../secret.txt', { cookie })).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt', { cookie })).status).toBe(404);
  });

  it('refuses requests naming another host (DNS rebinding)', async () => {
    const res = await get(`/?token=${host.token}`, { host: 'evil.example' });
    expect(res.status).toBe(401);
  });

  it('answers malformed payloads with a 400 naming the channel and field', async () => {
    const res = await fetch(`${host.origin}/api/runs.start`, {
      method: 'POST',
      headers: { 'x-studio-token': host.token },
      body: JSON.stringify({ projectId: 'one' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^runs\.start: invalid request — request\.projectId/);
    const notJson = await fetch(`${host.origin}/api/projects.list`, { method: 'POST', headers: { 'x-studio-token': host.token }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('refuses WebSocket connections without the token', async () => {
    const wsUrl = `${host.origin.replace('http', 'ws')}/api/events`;
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl);
      ws.on('open', () => resolve('open'));
      ws.on('error', (e) => resolve(String(e.message)));
    });
    expect(refused).toMatch(/401/);
  });

  it('serves the typed web client: calls and events', async () => {
    const client = createWebClient({ baseUrl: host.origin, token: host.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const events: WorkspaceChangedEvent[] = [];
    const off = client.on('workspace.changed', (e) => events.push(e));
    const project = await client.projects.create({ name: 'From the browser' });
    expect(project.name).toBe('From the browser');
    expect((await client.projects.list()).map((p) => p.name)).toEqual(['From the browser']);
    const failure = await client.projects.get({ projectId: 12345 }).catch((e: unknown) => e as { code: string; message: string });
    expect(failure).toMatchObject({ code: 'not_found', message: 'project 12345 does not exist' });
    // The socket opens asynchronously: cause changes until one is pushed to us.
    for (let i = 0; i < 100 && events.length === 0; i++) {
      await client.projects.update({ projectId: project.id, notes: `note ${i}` });
      await new Promise((r) => setTimeout(r, 50));
    }
    off();
    expect(events[0]).toMatchObject({ entity: 'project', id: project.id });
  });

  it('takes ONNX bytes as an octet-stream body, not base64 inside JSON', async () => {
    const client = createWebClient({ baseUrl: host.origin, token: host.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const project = await client.projects.create({ name: 'ONNX upload' });
    const onnx = new Uint8Array(readFileSync(join(ONNX_DIR, '4_convs.onnx')));
    const sent: { type: string | null; body: unknown }[] = [];
    const spy: typeof fetch = (input, init) => {
      sent.push({ type: new Headers(init?.headers).get('content-type'), body: init?.body });
      return fetch(input, init);
    };
    const viaSpy = createWebClient({ baseUrl: host.origin, token: host.token, fetch: spy, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const workload = await viaSpy.workloads.import({ projectId: project.id, name: '4 convs', format: 'onnx', onnx });
    expect(workload.layers).toHaveLength(4);
    expect(sent[0]).toMatchObject({ type: 'application/octet-stream' });
    expect(sent[0]!.body).toBeInstanceOf(Uint8Array);
    // The stored source is the very bytes sent.
    const row = host.services.store.db.prepare('SELECT id FROM workloads WHERE name = ?').get('4 convs') as { id: number };
    expect(Buffer.from(host.services.store.workloads.source(row.id)!.bytes).equals(Buffer.from(onnx))).toBe(true);
    // Bytes that are not ONNX: refused by the engine with the file named; a malformed header: a clear request error.
    await expect(client.workloads.import({ projectId: project.id, name: 'junk', format: 'onnx', onnx: new Uint8Array(16) })).rejects.toMatchObject({ code: 'invalid_input' });
    const { port } = new URL(host.origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/workloads.import', method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-studio-token': host.token, 'x-studio-binary-field': '../x' } },
        (res) => resolve(res.statusCode!),
      );
      req.on('error', reject);
      req.end(Buffer.from(onnx));
    });
    expect(status).toBe(400);
  });
});
