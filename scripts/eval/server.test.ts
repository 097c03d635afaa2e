import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routePath, routeUrl, type StaticServer, serveRoutes } from './server.ts';

let dir: string;
let server: StaticServer;

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function get(path: string): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${server.origin}/`, { path }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mooddj-eval-server-'));
  writeFileSync(join(dir, 'face one.jpg'), 'jpeg bytes');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  server = await serveRoutes(
    new Map([
      ['/index.html', { bytes: '<p>hi</p>' }],
      ['/m/x.wasm', { bytes: new Uint8Array([0, 97, 115, 109]) }],
      ['/faces/happy/face one.jpg', { file: join(dir, 'face one.jpg') }],
    ]),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serveRoutes', () => {
  it('serves its routes with their content types', async () => {
    expect(await get('/index.html')).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<p>hi</p>',
    });
    expect(await get('/m/x.wasm')).toMatchObject({ status: 200, type: 'application/wasm' });
    expect(await get(routeUrl('/faces', 'happy/face one.jpg'))).toMatchObject({
      status: 200,
      type: 'image/jpeg',
      body: 'jpeg bytes',
    });
  });

  it('serves nothing outside its routes, however the path is written', async () => {
    for (const path of [
      '/secret.txt',
      '/faces/happy/../../secret.txt',
      '/faces/happy/%2e%2e/%2e%2e/secret.txt',
      '/faces/happy/..%2f..%2fsecret.txt',
      `/faces/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      '/faces/%E0%A4%A',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe('routePath', () => {
  it('decodes the path and drops the query', () => {
    expect(routePath('/faces/a%20b.jpg?x=1')).toBe('/faces/a b.jpg');
    expect(routePath('/%E0%A4%A')).toBeNull();
  });
});
