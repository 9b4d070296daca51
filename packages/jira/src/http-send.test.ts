import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSend, HttpSendError } from './http-send.js';

let server: Server;
let base: string;
const ports: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    if (req.url === '/drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => {
        res.write('.');
      }, 20);
      res.on('close', () => {
        clearInterval(t);
      });
    } else if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(2048));
    } else {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'X-Echo': req.method ?? '' });
        res.end(JSON.stringify({ body, length: req.headers['content-length'] ?? null }));
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('httpSend', () => {
  it('sends the body and returns status, lower-case headers and the whole body', async () => {
    const res = await httpSend({ method: 'POST', url: `${base}/x`, body: '{"a":"é"}' });
    expect(res.status).toBe(201);
    expect(res.headers['x-echo']).toBe('POST');
    expect(JSON.parse(res.body)).toEqual({ body: '{"a":"é"}', length: '10' });
  });

  it('keeps the connection alive between requests', async () => {
    ports.length = 0;
    await httpSend({ method: 'GET', url: `${base}/a` });
    await httpSend({ method: 'GET', url: `${base}/b` });
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });

  it('ends a body that drips forever at the timeout', async () => {
    await expect(httpSend({ method: 'GET', url: `${base}/drip`, timeoutMs: 150 })).rejects.toMatchObject({
      reason: 'timeout',
      message: expect.stringMatching(/^127\.0\.0\.1:\d+ did not answer in full within 0\.2 s$/) as unknown,
    });
  });

  it('aborts a body that drips forever through the signal', async () => {
    const ctrl = new AbortController();
    const p = httpSend({ method: 'GET', url: `${base}/drip`, signal: ctrl.signal });
    setTimeout(() => {
      ctrl.abort();
    }, 80);
    await expect(p).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('refuses a body larger than the limit', async () => {
    await expect(httpSend({ method: 'GET', url: `${base}/big`, maxBodyBytes: 1024 })).rejects.toMatchObject({
      reason: 'too-large',
    });
  });

  it.each(['not a url', 'ftp://example.test/x'])('refuses %s without sending', async (url) => {
    const e = await httpSend({ method: 'GET', url }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpSendError);
    expect(e).toMatchObject({ reason: 'invalid-url', code: 'network' });
  });
});
