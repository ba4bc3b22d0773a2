import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueUnreachableError, redisTlsOptions } from '../../../src/app/sweep/queue';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/stream-studio.js');
// Node warns at start-up when it loads NODE_EXTRA_CA_CERTS and the file is missing: the sign that it read it.
const LOADED_AT_START = /Ignoring extra certs from/;

describe('NODE_EXTRA_CA_CERTS and the stream-studio command', () => {
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/extra-ca.pem' };

  it('starts Node without loading the extra certificates when run as a command (its #! line)', () => {
    const r = spawnSync(BIN, ['inspect', '--help'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: stream-studio inspect/);
    expect(r.stderr).not.toMatch(LOADED_AT_START);
  });

  it('leaves them to Node when run as `node bin/stream-studio.js` (the check above can fail)', () => {
    const r = spawnSync(process.execPath, [BIN, 'inspect', '--help'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(LOADED_AT_START);
  });
});

describe('redisTlsOptions', () => {
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = saved;
  });

  it('gives a rediss:// connection the root certificates and those of NODE_EXTRA_CA_CERTS', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'extra-ca-')), 'extra.pem');
    const pem = rootCertificates[0]!;
    writeFileSync(file, pem);
    process.env.NODE_EXTRA_CA_CERTS = file;
    const ca = redisTlsOptions('rediss://queue.example:6380').tls?.ca;
    expect(ca).toHaveLength(rootCertificates.length + 1);
    expect(ca?.at(-1)).toBe(pem);
    expect(redisTlsOptions('redis://127.0.0.1:6379')).toEqual({});
  });

  it('leaves TLS to ioredis without NODE_EXTRA_CA_CERTS, and names an unreadable file', () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    expect(redisTlsOptions('rediss://queue.example:6380')).toEqual({});
    process.env.NODE_EXTRA_CA_CERTS = '/nonexistent/extra-ca.pem';
    expect(() => redisTlsOptions('rediss://queue.example:6380')).toThrow(QueueUnreachableError);
    expect(() => redisTlsOptions('rediss://queue.example:6380')).toThrow(/NODE_EXTRA_CA_CERTS \(\/nonexistent\/extra-ca\.pem\)/);
  });
});
