// A minimal static file server (no dependencies) for the demo and the browser tests.
// Usage: node scripts/serve.mjs [dir=out/demo] [port=8080; 0 picks a free one]
// Prints `http://127.0.0.1:PORT/` once listening. Serves .wasm as application/wasm.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? 'out/demo');
const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ts': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function serve(dir = root, p = port) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(dir, path));
      if (file !== dir && !file.startsWith(dir + sep)) throw Object.assign(new Error(), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', (e) => {
      // The port is taken: take any free one rather than fail (the URL is printed anyway).
      if (e.code === 'EADDRINUSE' && p !== 0) server.listen(0, host, () => ok(server));
      else fail(e);
    });
    server.listen(p, host, () => ok(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve();
  console.log(`clean-article demo: http://${host}:${server.address().port}/   (Ctrl+C to stop)`);
}
