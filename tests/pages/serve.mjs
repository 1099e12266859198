// A tiny static file server for the demo pages (Node 20, no dependencies).
//
//   import { serve } from './serve.mjs';
//   const { url, close } = await serve('/path/to/folder');   // http://127.0.0.1:<port>/
//
//   node tests/pages/serve.mjs <dir> [--port N]               // prints SERVING http://127.0.0.1:<port>/
//
// Loopback only; GET and HEAD only; never serves anything outside `dir` (`..`, encoded
// slashes and symlinks that lead out are refused); a folder serves its index.html.
import { createServer } from 'node:http';
import { realpath, stat, open } from 'node:fs/promises';
import { resolve, sep, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function contentType(path) {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root, path) {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function reply(res, status, text, head = false) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(head ? undefined : text);
}

/** Maps a request path to a file inside `root`, or returns null (404). */
async function locate(root, rawPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  // Encoded separators and NUL never name a file here.
  if (decoded.includes('\0') || decoded.includes('\\') || /%2f|%5c/i.test(rawPath)) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return null;
  let path = resolve(root, ...parts);
  if (!inside(root, path)) return null;
  let info;
  try {
    path = await realpath(path); // symlinks must not lead out of the folder
    if (!inside(root, path)) return null;
    info = await stat(path);
    if (info.isDirectory()) {
      path = await realpath(join(path, 'index.html'));
      if (!inside(root, path)) return null;
      info = await stat(path);
    }
  } catch {
    return null;
  }
  return info.isFile() ? { path, size: info.size } : null;
}

/**
 * Serves the files of `dir` on 127.0.0.1.
 * @param {string} dir
 * @param {{ port?: number }} [options] port 0 (the default) picks a free one.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function serve(dir, { port = 0 } = {}) {
  const root = await realpath(resolve(dir));
  if (!(await stat(root)).isDirectory()) throw new Error(`not a folder: ${dir}`);

  const server = createServer(async (req, res) => {
    try {
      const head = req.method === 'HEAD';
      if (req.method !== 'GET' && !head) {
        res.setHeader('allow', 'GET, HEAD');
        return reply(res, 405, 'method not allowed\n');
      }
      const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
      if (!rawPath.startsWith('/')) return reply(res, 400, 'bad request\n', head);
      const found = await locate(root, rawPath);
      if (!found) return reply(res, 404, 'not found\n', head);
      res.writeHead(200, {
        'content-type': contentType(found.path),
        'content-length': found.size,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (head) return res.end();
      const file = await open(found.path, 'r');
      const stream = file.createReadStream();
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch {
      if (!res.headersSent) reply(res, 500, 'internal error\n');
      else res.destroy();
    }
  });

  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const actual = server.address().port;
  let closing;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close() {
      closing ??= new Promise((ok) => {
        server.close(() => ok());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

// Run as a script: node tests/pages/serve.mjs <dir> [--port N]
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  let dir;
  let port = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i].startsWith('--port=')) port = Number(args[i].slice('--port='.length));
    else if (dir === undefined) dir = args[i];
    else {
      console.error(`unexpected argument: ${args[i]}`);
      process.exit(2);
    }
  }
  if (!dir || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node tests/pages/serve.mjs <dir> [--port N]');
    process.exit(2);
  }
  const { url, close } = await serve(dir, { port });
  console.log(`SERVING ${url}`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
