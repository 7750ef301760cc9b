// server.mjs — an independent tus 1.0.0 server for tests/test-tus.c: @tus/server with
// @tus/file-store, over HTTPS on 127.0.0.1 with the test certificate.
//
//   node server.mjs --cert FILE --key FILE --dir DIR --port-file FILE [--max-size BYTES]
//
// Listens on a port chosen by the system and writes it to --port-file (written whole, then
// renamed, so a reader never sees half a number); uploads are stored in --dir as <id> (the
// bytes) and <id>.json (their metadata). @tus/server implements core, creation, termination
// and expiration but not the checksum extension, so its OPTIONS answer does not announce it
// and the terminal must upload without Upload-Checksum. Location headers are relative, which
// the tus protocol allows and the terminal must resolve.
import fs from 'node:fs';
import https from 'node:https';
import { parseArgs } from 'node:util';

import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';

const { values: options } = parseArgs({
  options: {
    cert: { type: 'string' },
    key: { type: 'string' },
    dir: { type: 'string' },
    'port-file': { type: 'string' },
    'max-size': { type: 'string', default: String(20 * 1024 * 1024) },
  },
});

for (const name of ['cert', 'key', 'dir', 'port-file']) {
  if (options[name] === undefined) {
    console.error(`server.mjs: --${name} is required`);
    process.exit(2);
  }
}

const tus = new Server({
  path: '/files',
  datastore: new FileStore({ directory: options.dir }),
  maxSize: Number(options['max-size']),
  relativeLocation: true,
});

const server = https.createServer(
  { cert: fs.readFileSync(options.cert), key: fs.readFileSync(options.key) },
  (req, res) => tus.handle(req, res),
);

server.listen(0, '127.0.0.1', () => {
  const portFile = options['port-file'];

  fs.writeFileSync(`${portFile}.tmp`, `${server.address().port}\n`);
  fs.renameSync(`${portFile}.tmp`, portFile);
});

// The test stops it with SIGTERM; open keep-alive connections must not hold it up.
process.on('SIGTERM', () => process.exit(0));
