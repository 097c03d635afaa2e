/**
 * A tiny static server on 127.0.0.1 for the eval page. It serves only the routes it is given
 * (an allow-list from URL path to file or bytes), so no request path, however it is encoded,
 * can reach a file outside them: `..`, absolute paths and unknown names all get 404.
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';

/** A route's content: a file to stream, or bytes held in memory (the bundled harness). */
export type RouteBody = { readonly file: string } | { readonly bytes: Uint8Array | string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // `WebAssembly.instantiateStreaming` insists on this type.
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `routes` (keys are URL paths such as `/faces/happy/001.jpg`) on a random local port. */
export async function serveRoutes(routes: ReadonlyMap<string, RouteBody>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = routePath(request.url);
    const body = path === null ? undefined : routes.get(path);
    if (request.method !== 'GET' || !body || path === null) {
      response.writeHead(request.method === 'GET' ? 404 : 405).end();
      return;
    }
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    response.setHeader('Content-Type', type);
    response.setHeader('Cache-Control', 'no-store');
    if ('bytes' in body) {
      response.end(body.bytes);
      return;
    }
    createReadStream(body.file)
      .on('error', () => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      })
      .pipe(response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The decoded path of a request URL, without query, or null if it cannot be decoded. */
export function routePath(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}

/** The URL path for a route name: each segment percent-encoded, so names with spaces or `#` work. */
export function routeUrl(prefix: string, relative: string): string {
  return `${prefix}/${relative.split('/').map(encodeURIComponent).join('/')}`;
}
