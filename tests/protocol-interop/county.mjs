// county.mjs — a county platform written from docs/sync-protocol.md alone, for
// tests/test-protocol-interop.c: does the page suffice to build a server the real terminal
// syncs with? Nothing here was taken from sync/. Where the page was silent, the guess is
// marked "Guessed:"; the page has since been made to say it.
//
//   node county.mjs --cert FILE --key FILE --dir DIR --port-file FILE --code CODE
//                   [--catalog FILE] [--base /county/] [--exit-with-stdin]
//
// HTTPS on 127.0.0.1, on a port chosen by the system and written to --port-file (whole, then
// renamed). The protocol lives under --base; CODE is the one enrollment code it accepts, once.
// --exit-with-stdin: stop when standard input closes, so that a test that aborts leaves no
// server behind.
// State is in memory; verified scans are written to DIR/blobs/<sha256>. Attachments are served
// by @tus/server with @tus/file-store (from tests/tus-interop/node_modules): "a county MAY
// point attachments at any tus 1.0.0 server". That server has no checksum extension, so this
// county hashes each finished upload itself before it counts the scan as held (section 8).
//
// Not protocol — routes for the test only, outside the base URL, on loopback:
//   GET  /_admin/state    cases, replies, held scans, terminals and their heartbeats
//   GET  /_admin/log      every protocol request: method, path, status and a few headers
//   POST /_admin/events   {"case_number", "state", "reason"?}: the county acts on a case
//   POST /_admin/faults   {"lose_answers": N}: the next N submission batches are stored and
//                         the connection then closed unanswered (a lost answer);
//                         {"purge_scans": true}: before the next batch the county loses every
//                         scan and upload it holds (its blob store was wiped)
// Anything the terminal does that the page forbids — or a submission this county finds not
// valid, which the real terminal should never send — is answered as the page says and also
// listed under "violations" in /_admin/state, so that a test can require that list empty.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const tusRequire = createRequire(path.join(here, '..', 'tus-interop', 'package.json'));
const { Server: TusServer } = tusRequire('@tus/server');
const { FileStore } = tusRequire('@tus/file-store');

const { values: options } = parseArgs({
  options: {
    cert: { type: 'string' },
    key: { type: 'string' },
    dir: { type: 'string' },
    'port-file': { type: 'string' },
    code: { type: 'string' },
    catalog: { type: 'string' },
    base: { type: 'string', default: '/county/' },
    'exit-with-stdin': { type: 'boolean', default: false },
  },
});

for (const name of ['cert', 'key', 'dir', 'port-file', 'code']) {
  if (options[name] === undefined) {
    console.error(`county.mjs: --${name} is required`);
    process.exit(2);
  }
}

// Small limits, so that the terminal must obey them: batches split, scans in several chunks.
const LIMITS = {
  max_batch: 2,
  max_body_bytes: 256 * 1024,
  max_attachment_bytes: 4 * 1024 * 1024,
  chunk_bytes: 16 * 1024,
};
const BASE = options.base.endsWith('/') ? options.base : `${options.base}/`;
const V1 = `${BASE}v1`;
const ATTACHMENTS = `${V1}/attachments`;
const STATE_KEYS = { queue: 'integer', oldest: 'integer', 'last-sync': 'integer',
                     app: 'string', catalog: 'string', 'free-disk': 'integer' };

const blobDir = path.join(options.dir, 'blobs');
const uploadDir = path.join(options.dir, 'uploads');
fs.mkdirSync(blobDir, { recursive: true });
fs.mkdirSync(uploadDir, { recursive: true });

const catalog = options.catalog === undefined ? null : loadCatalog(options.catalog);

const state = {
  code: normalizeCode(options.code),
  codeUsed: false,
  terminals: [],        // {id, code, tokenHash, servicePoint, hostname, app, heartbeat, seenAt}
  cases: [],            // {caseNumber, terminal, key, fingerprint, item, receivedAt, state, ...}
  submissions: new Map(), // terminal id + idempotency key -> case
  evaluations: new Map(), // terminal id + idempotency key -> {fingerprint, item, result}
  events: [],           // {cursor, terminal, key, caseNumber, state, reason, at}
  held: new Map(),      // sha256 -> {size, path}
  uploads: new Map(),   // tus upload id -> terminal id
  replies: [],          // every per-item result sent: {key, status, replayed, case_number, type}
  bodies: [],           // every batch as received, for the test to compare retries byte by byte
  faults: { loseAnswers: 0, purgeScans: false },
  violations: [],
  log: [],
};

function loadCatalog(file) {
  const bytes = fs.readFileSync(file);
  const version = JSON.parse(bytes.toString('utf8')).version;

  return { bytes, gzipped: zlib.gzipSync(bytes), etag: `"${version}"` };
}

function normalizeCode(code) {
  return code.replace(/[-\s]/g, '').toUpperCase();
}

function sha256Hex(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function now() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function violation(req, text) {
  state.violations.push(`${req.method} ${req.url}: ${text}`);
}

// ---- answers ----

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);

  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8',
                          'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const TITLES = {
  'malformed-json': 'The body is not JSON',
  'invalid-request': 'The request is not valid',
  'invalid-cursor': 'The cursor is not known',
  unauthorized: 'The terminal is not enrolled',
  'enrollment-code-invalid': 'The enrollment code is not valid',
  'enrollment-code-used': 'The enrollment code was used already',
  'not-found': 'Not found',
  'method-not-allowed': 'The method is not allowed here',
  'too-large': 'The request is too large',
  'unsupported-media-type': 'The body is not JSON',
  'idempotency-key-reused': 'The idempotency key was used with another body',
  'invalid-submission': 'The submission is not valid',
  'attachment-missing': 'An attachment is not on the server',
  'attachment-digest-mismatch': 'The attachment does not match its SHA-256',
  internal: 'The server failed',
};

function problem(type, status, detail, extra = {}) {
  return { type: `urn:jiujin:problem:${type}`, title: TITLES[type], status, detail, ...extra };
}

function sendProblem(res, status, type, detail, headers = {}) {
  const text = JSON.stringify(problem(type, status, detail));

  res.writeHead(status, { 'Content-Type': 'application/problem+json',
                          'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

class HttpError extends Error {
  constructor(status, type, detail, headers = {}) {
    super(detail);
    this.status = status;
    this.type = type;
    this.headers = headers;
  }
}

// ---- canonical JSON (section 7): members sorted by UTF-8 bytes, RFC 8785 strings ----

function canonical(value) {
  if (value === null || typeof value !== 'object')
    return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

// ---- Jiujin-Terminal-State: an RFC 8941 dictionary (section 3) ----

function parseDictionary(text) {
  const dict = {};
  let i = 0;
  const skip = (chars) => { while (i < text.length && chars.includes(text[i])) i++; };
  const fail = (why) => { throw new Error(`${why} at ${i}`); };

  const bareItem = () => {
    const c = text[i];
    if (c === '"') {
      let s = '';
      for (i++; i < text.length; i++) {
        if (text[i] === '\\') {
          i++;
          if (text[i] !== '"' && text[i] !== '\\') fail('bad escape');
          s += text[i];
        } else if (text[i] === '"') {
          i++;
          return s;
        } else if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) > 0x7e) {
          fail('not printable ASCII');
        } else {
          s += text[i];
        }
      }
      fail('unterminated string');
    }
    const m = /^-?\d{1,15}(\.\d{1,3})?/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      return m[1] === undefined ? BigInt(m[0]) : Number(m[0]);
    }
    if (c === '?') {
      const b = text[i + 1];
      if (b !== '0' && b !== '1') fail('bad boolean');
      i += 2;
      return b === '1';
    }
    const t = /^[A-Za-z*][!#$%&'*+\-.^_`|~:/\w]*/.exec(text.slice(i));
    if (t) {
      i += t[0].length;
      return { token: t[0] };
    }
    fail('bad item');
  };
  const key = () => {
    const m = /^[a-z*][a-z0-9_\-.*]*/.exec(text.slice(i));
    if (!m) fail('bad key');
    i += m[0].length;
    return m[0];
  };
  const params = () => {
    while (text[i] === ';') {
      i++;
      skip(' ');
      key();
      if (text[i] === '=') {
        i++;
        bareItem();
      }
    }
  };

  skip(' ');
  while (i < text.length) {
    const k = key();
    let v = true;
    if (text[i] === '=') {
      i++;
      if (text[i] === '(') fail('inner lists are not expected');
      v = bareItem();
    }
    params();
    dict[k] = v;
    skip(' \t');
    if (i === text.length) break;
    if (text[i] !== ',') fail('expected a comma');
    i++;
    skip(' \t');
    if (i === text.length) fail('trailing comma');
  }
  return dict;
}

function recordTerminalState(req, terminal) {
  const header = req.headers['jiujin-terminal-state'];

  terminal.seenAt = now();
  if (header === undefined) {
    violation(req, 'no Jiujin-Terminal-State header (section 3: every authenticated request)');
    return;
  }
  try {
    const dict = parseDictionary(header);
    for (const [name, type] of Object.entries(STATE_KEYS)) {
      const value = dict[name];
      if (type === 'integer' ? typeof value !== 'bigint' : typeof value !== 'string')
        throw new Error(`${name} is not an ${type}`);
    }
    terminal.heartbeat = Object.fromEntries(
      Object.entries(dict).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
  } catch (error) {
    violation(req, `Jiujin-Terminal-State "${header}": ${error.message}`);
  }
}

// ---- requests ----

function authenticate(req) {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
  const terminal = m && state.terminals.find((t) => t.tokenHash === sha256Hex(m[1]));

  if (!terminal)
    throw new HttpError(401, 'unauthorized', header === '' ? 'No token was given.'
                                                           : 'The token is not known.',
                        { 'WWW-Authenticate': 'Bearer' });
  recordTerminalState(req, terminal);
  return terminal;
}

async function readJson(req) {
  const type = req.headers['content-type'] ?? '';
  const chunks = [];
  let size = 0;

  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new HttpError(415, 'unsupported-media-type', `Content-Type is "${type}".`);
  for await (const chunk of req) {
    size += chunk.length;
    if (size > LIMITS.max_body_bytes)
      throw new HttpError(413, 'too-large', `The body passes ${LIMITS.max_body_bytes} bytes.`,
                          { Connection: 'close' });
    chunks.push(chunk);
  }
  req.jjBody = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(req.jjBody);
  } catch (error) {
    throw new HttpError(400, 'malformed-json', error.message);
  }
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (Number.isInteger(value)) return 'an integer';
  return `a ${typeof value}`;
}

// Checks @value against @shape: {member: [kind, required, check?]}. Returns a detail string
// ("items[0].applicant.phone: expected a string, got null") or null.
function checkObject(value, where, shape) {
  if (!isObject(value))
    return `${where}: expected an object, got ${typeName(value)}`;
  for (const name of Object.keys(value))
    if (!(name in shape))
      return `${where}.${name}: unknown member`;
  for (const [name, [kind, required, check]] of Object.entries(shape)) {
    const member = value[name];
    const at = `${where}.${name}`;

    if (member === undefined || (member === null && !required)) {
      if (required) return `${at}: missing`;
      continue;
    }
    const ok = { string: typeof member === 'string', integer: Number.isInteger(member),
                 object: isObject(member), array: Array.isArray(member) }[kind];
    if (!ok)
      return `${at}: expected ${kind === 'integer' ? 'an' : 'a'} ${kind}, got ${typeName(member)}`;
    const why = check?.(member, at);
    if (why) return why;
  }
  return null;
}

const matches = (re, what) => (v, at) => (re.test(v) ? null : `${at}: not ${what}: "${v}"`);
const UTC_TIME = matches(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'an RFC 3339 UTC time');
const DATE = matches(/^\d{4}-\d\d-\d\d$/, 'a YYYY-MM-DD date');
const UUID = matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
const oneOf = (...names) => (v, at) => (names.includes(v) ? null
                                        : `${at}: "${v}" is not one of ${names.join(', ')}`);
const strings = (list, at) => (list.every((v) => typeof v === 'string') ? null
                                                                        : `${at}: not all strings`);
const each = (fn) => (list, at) => {
  for (let i = 0; i < list.length; i++) {
    const why = fn(list[i], `${at}[${i}]`);
    if (why) return why;
  }
  return null;
};
const nonEmpty = (fn) => (list, at) => (list.length === 0 ? `${at}: empty` : fn(list, at));

const AGENT = {
  kind: ['string', true, oneOf('none', 'clerk', 'agent')],
  name: ['string', false],
  id_number: ['string', false],
  relationship: ['string', false],
};

function checkAgent(agent, at) {
  const complete = ['name', 'id_number', 'relationship'].every((m) => agent[m] != null);

  return agent.kind !== 'agent' || complete
    ? null : `${at}: an agent needs name, id_number and relationship`;
}

// Guessed: which members are optional, and that a member left out may also come as null.
// `terminal` is not compared with the token's terminal code: a submission frozen before
// enrollment carries the provisional prefix of its receipt number.
const ITEM = {
  idempotency_key: ['string', true, UUID],
  terminal: ['string', true],
  receipt_number: ['string', true],
  submitted_at: ['string', true, UTC_TIME],
  promised_date: ['string', true, DATE],
  matters: ['array', true, nonEmpty(strings)],
  bundle: ['string', false],
  applicant: ['object', true, (v, at) => checkObject(v, at, {
    name: ['string', true], id_number: ['string', true],
    phone: ['string', false], address: ['string', false] })],
  agent: ['object', false, (v, at) => checkObject(v, at, AGENT) ?? checkAgent(v, at)],
  appointment: ['string', false, matches(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/, 'YYYY-MM-DDTHH:MM')],
  values: ['object', false],
  materials: ['array', true, each((v, at) => checkObject(v, at, {
    matter: ['string', true], index: ['integer', true],
    status: ['string', true, oneOf('received', 'missing', 'pending')] }))],
  attachments: ['array', false, each((v, at) => checkObject(v, at, {
    sha256: ['string', true, matches(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256')],
    filename: ['string', true], material: ['integer', false] }))],
};

const EVALUATION = {
  idempotency_key: ['string', true, UUID],
  case_number: ['string', false],
  receipt_number: ['string', true],
  score: ['integer', true, (v, at) => (v >= 1 && v <= 5 ? null : `${at}: not 1 to 5`)],
  comment: ['string', false],
  at: ['string', true, UTC_TIME],
};

function readBatch(req, body) {
  if (!isObject(body) || !Array.isArray(body.items))
    throw new HttpError(400, 'invalid-request', 'The body is not an object with "items".');
  for (const name of Object.keys(body))
    if (name !== 'items')
      throw new HttpError(400, 'invalid-request', `${name}: unknown member`);
  if (body.items.length > LIMITS.max_batch) {
    violation(req, `${body.items.length} items, more than max_batch ${LIMITS.max_batch}`);
    throw new HttpError(413, 'too-large', `More than ${LIMITS.max_batch} items.`);
  }
  return body.items;
}

// The per-item idempotency of sections 7 and 11. A new key is validated, its scans checked
// and @kind.store()d; the same key with the same fingerprint replays the stored result; the
// same key with another body is refused. Guessed: keys are scoped to the terminal.
function batchItem(req, terminal, item, index, kind) {
  const key = typeof item?.idempotency_key === 'string' ? item.idempotency_key : null;
  const refuse = (status, type, detail, extra) => ({
    idempotency_key: key, status, problem: problem(type, status, detail, extra),
  });

  if (key === null)
    return refuse(422, 'invalid-submission',
                  `items[${index}].idempotency_key: missing or not a string`);
  const fingerprint = sha256Hex(canonical(item));
  const known = kind.records.get(`${terminal.id} ${key}`);
  if (known)
    return known.fingerprint === fingerprint
      ? { ...known.result, replayed: true }
      : refuse(422, 'idempotency-key-reused', `The key ${key} was used for another ${kind.name}.`);
  const invalid = checkObject(item, `items[${index}]`, kind.shape);
  if (invalid) {
    violation(req, `refused as invalid-submission: ${invalid}`);
    return refuse(422, 'invalid-submission', invalid);
  }
  const missing = (item.attachments ?? []).filter((a) => !state.held.has(a.sha256));
  if (missing.length > 0) {
    const names = missing.map((a) => `${a.filename} (sha256 ${a.sha256})`).join(', ');
    return refuse(409, 'attachment-missing', `Not uploaded: ${names}.`,
                  { missing: missing.map((a) => a.sha256) });
  }
  const record = { terminal: terminal.id, key, fingerprint, item, receivedAt: now() };
  record.result = { idempotency_key: key, status: 201, ...kind.store(record),
                    received_at: record.receivedAt, replayed: false };
  kind.records.set(`${terminal.id} ${key}`, record);
  return record.result;
}

let caseCount = 0;

const SUBMISSIONS = {
  name: 'submission',
  shape: ITEM,
  records: state.submissions,
  store: (record) => {
    Object.assign(record, { caseNumber: `SPEC-${String(++caseCount).padStart(6, '0')}`,
                            state: 'received', reason: null, updatedAt: record.receivedAt });
    state.cases.push(record);
    return { case_number: record.caseNumber };
  },
};

const EVALUATIONS = { name: 'evaluation', shape: EVALUATION, records: state.evaluations,
                      store: () => ({}) };

async function purgeScans() {
  for (const id of state.uploads.keys())
    await tus.datastore.remove(id).catch(() => undefined);
  for (const { path: blob } of state.held.values())
    fs.rmSync(blob, { force: true });
  state.uploads.clear();
  state.held.clear();
}

async function handleBatch(req, res, kind) {
  const terminal = authenticate(req);
  const items = readBatch(req, await readJson(req));

  if (state.faults.purgeScans) {
    state.faults.purgeScans = false;
    await purgeScans();
  }
  state.bodies.push(req.jjBody);
  const results = items.map((item, i) => batchItem(req, terminal, item, i, kind));

  for (const r of results)
    state.replies.push({ key: r.idempotency_key, status: r.status, replayed: r.replayed ?? false,
                         case_number: r.case_number ?? null, type: r.problem?.type ?? null });
  req.jjItems = items.length;
  if (state.faults.loseAnswers > 0) {
    state.faults.loseAnswers--;
    req.socket.destroy();
    return;
  }
  sendJson(res, 200, { results });
}

async function handleEnroll(req, res) {
  const body = await readJson(req);
  const invalid = checkObject(body, 'body', { code: ['string', true], app: ['string', true],
                                              hostname: ['string', true] });
  if (invalid)
    throw new HttpError(400, 'invalid-request', invalid);
  if (normalizeCode(body.code) !== state.code)
    throw new HttpError(403, 'enrollment-code-invalid', 'This enrollment code was never issued.');
  if (state.codeUsed)
    throw new HttpError(409, 'enrollment-code-used', 'This enrollment code was used already.');
  state.codeUsed = true;

  const n = state.terminals.length + 1;
  const token = crypto.randomBytes(32).toString('base64url');
  const terminal = { id: `spec-terminal-${n}`, code: `SP${n}`, tokenHash: sha256Hex(token),
                     servicePoint: '规格村便民服务站', hostname: body.hostname,
                     app: body.app, heartbeat: null, seenAt: now() };
  state.terminals.push(terminal);
  sendJson(res, 201, { terminal_id: terminal.id, terminal_code: terminal.code,
                       service_point: terminal.servicePoint, token });
}

// The cursor of the feed's beginning. Guessed: `next` is a cursor even on an empty page.
const FEED_START = 'start';

function handleStatuses(req, res, url) {
  const terminal = authenticate(req);
  const after = url.searchParams.get('after');
  const limitText = url.searchParams.get('limit') ?? '100';
  let start = 0;

  if (!/^\d+$/.test(limitText) || Number(limitText) < 1)
    throw new HttpError(400, 'invalid-request', `limit: "${limitText}" is not a number from 1`);
  const limit = Math.min(500, Number(limitText));
  if (after !== null && after !== FEED_START) {
    const at = state.events.findIndex((e) => e.cursor === after);
    if (at < 0)
      throw new HttpError(400, 'invalid-cursor', `The cursor "${after}" is not known.`);
    start = at + 1;
  }
  const mine = state.events.slice(start).filter((e) => e.terminal === terminal.id);
  const page = mine.slice(0, limit);
  const events = page.map((e) => ({ cursor: e.cursor, idempotency_key: e.key,
                                     case_number: e.caseNumber, state: e.state,
                                     ...(e.reason === null ? {} : { reason: e.reason }),
                                     at: e.at }));
  const next = page.length > 0 ? page[page.length - 1].cursor : after ?? FEED_START;

  sendJson(res, 200, { events, next, more: mine.length > page.length });
}

function handleCase(req, res, caseNumber) {
  const terminal = authenticate(req);
  const found = state.cases.find((c) => c.caseNumber === caseNumber && c.terminal === terminal.id);

  if (!found)
    throw new HttpError(404, 'not-found', `No case ${caseNumber}.`);
  sendJson(res, 200, { case_number: found.caseNumber, idempotency_key: found.key,
                       receipt_number: found.item.receipt_number, state: found.state,
                       reason: found.reason, received_at: found.receivedAt,
                       updated_at: found.updatedAt });
}

function handleCatalog(req, res) {
  authenticate(req);
  if (catalog === null)
    throw new HttpError(404, 'not-found', 'No catalogue has been published.');
  const match = (req.headers['if-none-match'] ?? '').split(',').map((s) => s.trim())
    .some((tag) => tag === catalog.etag || tag === '*');
  if (match) {
    res.writeHead(304, { ETag: catalog.etag });
    res.end();
    return;
  }
  const gzip = /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i
    .test(req.headers['accept-encoding'] ?? '');
  const body = gzip ? catalog.gzipped : catalog.bytes;
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ETag: catalog.etag,
                       'Content-Length': body.length, Vary: 'Accept-Encoding',
                       ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
  res.end(body);
}

async function handleHeartbeat(req, res) {
  authenticate(req);
  const body = await readJson(req);
  if (!isObject(body) || Object.keys(body).length > 0)
    throw new HttpError(400, 'invalid-request', 'The body of a heartbeat is {}.');
  res.writeHead(204);
  res.end();
}

// ---- attachments: @tus/server, with the ownership and digest checks section 8 asks for ----

const tus = new TusServer({
  path: ATTACHMENTS,
  datastore: new FileStore({ directory: uploadDir }),
  maxSize: LIMITS.max_attachment_bytes,
  relativeLocation: true,
  namingFunction: (req) => {
    const id = crypto.randomBytes(16).toString('hex');
    state.uploads.set(id, req.jjTerminal.id);
    return id;
  },
  onUploadCreate: async (req, res, upload) => {
    if (!/^[0-9a-f]{64}$/.test(upload.metadata?.sha256 ?? ''))
      throw tusProblem(res, 400, 'invalid-request',
                       'Upload-Metadata: sha256 is missing or malformed.');
    if (!upload.metadata.filename || !upload.metadata.filetype)
      violation(req, 'Upload-Metadata without filename or filetype');
    if (req.headers['upload-defer-length'] !== undefined)
      violation(req, 'Upload-Defer-Length is not supported');
    return { res };
  },
  onUploadFinish: async (req, res, upload) => {
    const file = path.join(uploadDir, upload.id);
    const digest = sha256Hex(fs.readFileSync(file));

    if (digest !== upload.metadata.sha256) {
      await tus.datastore.remove(upload.id);
      state.uploads.delete(upload.id);
      throw tusProblem(res, 460, 'attachment-digest-mismatch',
                       `The file's SHA-256 is ${digest}, not ${upload.metadata.sha256}.`);
    }
    const blob = path.join(blobDir, digest);
    fs.copyFileSync(file, blob);
    state.held.set(digest, { size: upload.size, path: blob });
    return { res };
  },
});

function tusProblem(res, status, type, detail) {
  res.setHeader('Content-Type', 'application/problem+json');
  return { status_code: status, body: JSON.stringify(problem(type, status, detail)) };
}

// The endpoint is on the base URL's origin, so the terminal sends its token here too
// (section 8); uploads are owned by the terminal that created them.
function handleAttachments(req, res) {
  if (req.method !== 'OPTIONS') {
    if (req.headers['tus-resumable'] !== '1.0.0')
      violation(req, 'no Tus-Resumable: 1.0.0');
    req.jjTerminal = authenticate(req);
    if (req.headers['upload-checksum'] !== undefined)
      violation(req, 'Upload-Checksum sent, but OPTIONS announced no checksum extension');
    const id = req.url.slice(ATTACHMENTS.length).replace(/^\/|\/$/g, '').split('?')[0];
    if (id !== '' && state.uploads.get(id) !== req.jjTerminal.id)
      throw new HttpError(404, 'not-found', 'No such upload.');
    if (req.method === 'PATCH') {
      const length = Number(req.headers['content-length'] ?? NaN);
      if (!(length <= LIMITS.chunk_bytes))
        violation(req, `a PATCH of ${req.headers['content-length'] ?? 'unknown length'} bytes, `
                       + `chunk_bytes is ${LIMITS.chunk_bytes}`);
    }
  }
  return tus.handle(req, res);
}

// ---- the test's own routes (not protocol) ----

async function handleAdmin(req, res, route) {
  if (route === '/_admin/state' && req.method === 'GET') {
    sendJson(res, 200, {
      terminals: state.terminals.map(({ tokenHash, ...t }) => t),
      cases: state.cases.map(({ result, ...c }) => c),
      replies: state.replies,
      held: Object.fromEntries(state.held),
      events: state.events,
      bodies: state.bodies,
      violations: state.violations,
    });
    return;
  }
  if (route === '/_admin/log' && req.method === 'GET') {
    sendJson(res, 200, state.log);
    return;
  }
  if (route === '/_admin/faults' && req.method === 'POST') {
    const body = await readJson(req);
    state.faults.loseAnswers = body.lose_answers ?? state.faults.loseAnswers;
    state.faults.purgeScans = body.purge_scans ?? state.faults.purgeScans;
    res.writeHead(204);
    res.end();
    return;
  }
  if (route === '/_admin/events' && req.method === 'POST') {
    const body = await readJson(req);
    const found = state.cases.find((c) => c.caseNumber === body.case_number);
    if (!found || !['accepted', 'completed', 'returned', 'rejected'].includes(body.state)
        || (['returned', 'rejected'].includes(body.state) !== (typeof body.reason === 'string')))
      throw new HttpError(400, 'invalid-request',
                          'case_number, state and (for returned or rejected) reason.');
    const event = { cursor: `c${crypto.randomBytes(3).toString('hex')}.${state.events.length + 1}`,
                    terminal: found.terminal, key: found.key, caseNumber: found.caseNumber,
                    state: body.state, reason: body.reason ?? null, at: now() };
    state.events.push(event);
    Object.assign(found, { state: event.state, reason: event.reason, updatedAt: event.at });
    sendJson(res, 201, event);
    return;
  }
  throw new HttpError(404, 'not-found', route);
}

// ---- routing ----

const ROUTES = [
  ['', { GET: (req, res) => sendJson(res, 200, { protocol: 'jiujin-sync', version: 1,
                                                  server: 'spec-county 1', limits: LIMITS,
                                                  attachments: 'v1/attachments/' }) }],
  ['/health', { GET: (req, res) => sendJson(res, 200, { status: 'ok' }) }],
  ['/enroll', { POST: handleEnroll }],
  ['/heartbeat', { POST: handleHeartbeat }],
  ['/submissions', { POST: (req, res) => handleBatch(req, res, SUBMISSIONS) }],
  ['/evaluations', { POST: (req, res) => handleBatch(req, res, EVALUATIONS) }],
  ['/statuses', { GET: handleStatuses }],
  ['/catalog', { GET: handleCatalog }],
];

async function route(req, res) {
  const url = new URL(req.url, 'https://127.0.0.1');
  const pathname = url.pathname;

  if (pathname.startsWith('/_admin/'))
    return handleAdmin(req, res, pathname);
  if (pathname === ATTACHMENTS || pathname.startsWith(`${ATTACHMENTS}/`))
    return handleAttachments(req, res);
  if (pathname !== V1 && !pathname.startsWith(`${V1}/`))
    throw new HttpError(404, 'not-found', `${pathname} is not under ${V1}/.`);

  const rest = pathname.slice(V1.length).replace(/\/$/, '');
  const caseMatch = /^\/cases\/([^/]+)$/.exec(rest);
  if (caseMatch) {
    if (req.method !== 'GET')
      throw new HttpError(405, 'method-not-allowed', `${req.method} ${pathname}`, { Allow: 'GET' });
    return handleCase(req, res, decodeURIComponent(caseMatch[1]));
  }
  const methods = ROUTES.find(([p]) => p === rest)?.[1];
  if (!methods)
    throw new HttpError(404, 'not-found', `${pathname} is not part of the protocol.`);
  const handler = methods[req.method];
  if (!handler)
    throw new HttpError(405, 'method-not-allowed', `${req.method} ${pathname}`,
                        { Allow: Object.keys(methods).join(', ') });
  return handler(req, res, url);
}

const server = https.createServer(
  { cert: fs.readFileSync(options.cert), key: fs.readFileSync(options.key) },
  async (req, res) => {
    const entry = { method: req.method, path: req.url,
                    authorization: req.headers.authorization !== undefined,
                    terminal_state: req.headers['jiujin-terminal-state'] ?? null,
                    if_none_match: req.headers['if-none-match'] ?? null,
                    accept_encoding: req.headers['accept-encoding'] ?? null,
                    content_length: req.headers['content-length'] ?? null,
                    upload_offset: req.headers['upload-offset'] ?? null };

    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : null;
      entry.items = req.jjItems ?? null;
      if (!req.url.startsWith('/_admin/'))
        state.log.push(entry);
    });
    try {
      await route(req, res);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        console.error(error);
        error = new HttpError(500, 'internal', error.message);
      }
      if (!res.headersSent)
        sendProblem(res, error.status, error.type, error.message, error.headers);
      else
        res.destroy();
    }
  },
);

server.listen(0, '127.0.0.1', () => {
  const portFile = options['port-file'];

  fs.writeFileSync(`${portFile}.tmp`, `${server.address().port}\n`);
  fs.renameSync(`${portFile}.tmp`, portFile);
});

// The test stops it with SIGTERM; open keep-alive connections must not hold it up.
process.on('SIGTERM', () => process.exit(0));
if (options['exit-with-stdin']) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
