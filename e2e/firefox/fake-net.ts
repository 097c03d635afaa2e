import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The network Firefox sees in the e2e tests: a local HTTP proxy (Firefox's proxy prefs point every request at it)
 * that answers plain HTTP itself and terminates every `CONNECT` with a throwaway self-signed certificate, which the
 * browser accepts because the session asks for `acceptInsecureCerts`. Unlike WebDriver BiDi's request interception,
 * which only sees tabs, a proxy also sees the extension's background page, its sign-in window and its camera tab.
 *
 * What to answer is up to `answer`, which gets each request with its full `https://host/path` URL; the fakes' pure
 * `handle()`s plug in unchanged. Anything it leaves (null) gets a 502, so a host the test did not fake never reaches
 * the real network.
 */

export interface NetRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string | null;
}

export interface NetAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Answerer = (request: NetRequest) => Promise<NetAnswer | 'abort' | null>;

export interface FakeNet {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Every request the proxy saw, in order, as `METHOD url`. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** A key and certificate for any host: Firefox checks neither (acceptInsecureCerts), TLS only needs one. */
function throwawayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'mooddj-ffnet-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=mooddj-e2e-fake',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'pipe' },
  );
  const pair = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

export async function startFakeNet(answer: Answerer): Promise<FakeNet> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();

  const serve = (scheme: 'http' | 'https') => async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Through a proxy, plain HTTP arrives with an absolute URL; inside a CONNECT tunnel, with a path and a Host.
    const url = /^https?:\/\//.test(req.url ?? '') ? (req.url as string) : `${scheme}://${req.headers.host}${req.url}`;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const method = req.method ?? 'GET';
    seen.push(`${method} ${url}`);
    let reply: NetAnswer | 'abort' | null;
    try {
      reply = await answer({
        method,
        url,
        headers,
        body: chunks.length ? Buffer.concat(chunks).toString('utf8') : null,
      });
    } catch (error) {
      reply = { status: 500, headers: { 'content-type': 'text/plain' }, body: `fake-net: ${String(error)}` };
    }
    if (reply === 'abort') {
      req.socket.destroy();
      return;
    }
    const {
      status,
      headers: out,
      body,
    } = reply ?? {
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: `fake-net: nothing fakes ${url}`,
    };
    res.writeHead(status, out);
    res.end(status === 204 || status === 304 ? undefined : body);
  };

  const tlsServer = createHttpsServer(throwawayCertificate(), serve('https'));
  const proxy: Server = createServer(serve('http'));
  proxy.on('connect', (_req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    tlsServer.emit('connection', socket);
  });
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  tlsServer.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      tlsServer.close();
    },
  };
}

/** Firefox prefs that send every request, localhost included, through the proxy on `port`. */
export function proxyPrefs(port: number): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': port,
    'network.proxy.share_proxy_settings': true,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    // Names are resolved by the proxy, never by Firefox (no real DNS lookups leave the machine).
    'network.proxy.socks_remote_dns': true,
    // No HTTP/3 or DNS-over-HTTPS side doors around the proxy.
    'network.http.http3.enable': false,
    'network.trr.mode': 5,
  };
}
