/**
 * Seeded mutations of source text, as bytes: token edits (delete, duplicate, swap), truncation,
 * random bytes, invalid UTF-8, NUL bytes, a BOM and CRLF line ends. Same seed, same bytes.
 */
import type { Random } from '../random.js';

export type Mutation = 'delete-token' | 'duplicate-token' | 'swap-tokens' | 'truncate' | 'random-bytes' | 'invalid-utf8' | 'nul-bytes' | 'bom-crlf';

export const MUTATIONS: readonly Mutation[] = ['delete-token', 'duplicate-token', 'swap-tokens', 'truncate', 'random-bytes', 'invalid-utf8', 'nul-bytes', 'bom-crlf'];

/** Words, runs of spaces, and single other characters. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9_$]+|\s+|[^A-Za-z0-9_$\s]/g) ?? [];
}

/** Indexes of tokens that are not whitespace. */
function solid(ts: readonly string[]): number[] {
  const out: number[] = [];
  ts.forEach((t, i) => {
    if (!/^\s+$/.test(t)) out.push(i);
  });
  return out;
}

function editTokens(text: string, r: Random, edit: (ts: string[], at: number[]) => void): Buffer {
  const ts = tokens(text);
  const at = solid(ts);
  if (at.length >= 2) for (let n = r.int(1, 4); n > 0; n--) edit(ts, at);
  return Buffer.from(ts.join(''), 'utf8');
}

function insertBytes(bytes: Buffer, r: Random, make: () => number[]): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  const spots = Array.from({ length: r.int(1, 6) }, () => r.int(0, bytes.length)).sort((a, b) => a - b);
  for (const spot of spots) {
    parts.push(bytes.subarray(last, spot), Buffer.from(make()));
    last = spot;
  }
  parts.push(bytes.subarray(last));
  return Buffer.concat(parts);
}

export function mutate(text: string, mutation: Mutation, r: Random): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  switch (mutation) {
    case 'delete-token':
      return editTokens(text, r, (ts, at) => {
        ts[r.pick(at)] = '';
      });
    case 'duplicate-token':
      return editTokens(text, r, (ts, at) => {
        const i = r.pick(at);
        ts[i] = ts[i] + ts[i];
      });
    case 'swap-tokens':
      return editTokens(text, r, (ts, at) => {
        const i = r.pick(at);
        const j = r.pick(at);
        [ts[i], ts[j]] = [ts[j], ts[i]];
      });
    case 'truncate':
      return bytes.subarray(0, r.int(0, bytes.length));
    case 'random-bytes':
      return insertBytes(bytes, r, () => Array.from({ length: r.int(1, 8) }, () => r.int(0, 255)));
    case 'invalid-utf8':
      return insertBytes(bytes, r, () => r.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80, 0x80]]));
    case 'nul-bytes':
      return insertBytes(bytes, r, () => [0]);
    case 'bom-crlf':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8')]);
  }
}

/** Every prefix of `text` cut every `step` bytes (a file saved half-way, an editor buffer mid-typing). */
export function truncations(text: string, step: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let n = step; n < bytes.length; n += step) out.push(bytes.subarray(0, n));
  return out;
}

/** Pathological files: nesting `depth` levels deep, one very long line. */
export function deepNesting(lang: 'php' | 'ts', depth: number): Map<string, string> {
  const open = (s: string) => s.repeat(depth);
  if (lang === 'php') {
    return new Map([
      ['parens', `<?php\n$sql = "SELECT qty FROM stock WHERE id = 1";\n$x = ${open('(')}1${open(')')};\n`],
      ['arrays', `<?php\n$x = ${open('[')}${open(']')};\nmysqli_query($db, "UPDATE stock SET qty = 0");\n`],
      ['blocks', `<?php\nfunction f($db) {\n${open('if ($a) { ')}mysqli_query($db, "DELETE FROM carts WHERE id = 1");${open(' }')}\n}\n`],
      ['concat', `<?php\n$sql = "SELECT * FROM t WHERE a = 1"${' . " AND b = 2"'.repeat(depth)};\n$db->query($sql);\n`],
    ]);
  }
  return new Map([
    ['parens', `const sql = 'SELECT qty FROM stock WHERE id = $1';\nexport const x = ${open('(')}1${open(')')};\n`],
    ['arrays', `export const x = ${open('[')}${open(']')};\nawait pool.query('UPDATE stock SET qty = 0');\n`],
    ['objects', `export const x = ${open('{ a: ')}1${open(' }')};\n`],
    ['blocks', `export async function f(pool) {\n${open('if (a) { ')}await pool.query('DELETE FROM carts WHERE id = 1');${open(' }')}\n}\n`],
    ['arrows', `export const f = ${open('() => ')}pool.query('SELECT 1');\n`],
    ['concat', `const sql = 'SELECT * FROM t WHERE a = 1'${" + ' AND b = 2'".repeat(depth)};\nawait pool.query(sql);\n`],
  ]);
}

/** About `bytes` bytes of source on one line, with SQL in it. */
export function longLine(lang: 'php' | 'ts', bytes: number): string {
  const item = lang === 'php' ? `$db->query("UPDATE stock SET qty = qty - 1 WHERE id = 7"); ` : `pool.query('UPDATE stock SET qty = qty - 1 WHERE id = 7'); `;
  const head = lang === 'php' ? '<?php ' : '';
  return head + item.repeat(Math.ceil(bytes / item.length));
}
