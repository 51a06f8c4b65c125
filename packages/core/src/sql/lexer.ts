/**
 * A forgiving SQL tokenizer over "raw" text: the SQL pieces joined, with one HOLE sentinel character
 * standing for each hole (interpolation, variable, constant). It never throws; anything it does not
 * recognise becomes a one-character `op` token.
 *
 * Besides the usual tokens it knows the shapes application code puts into SQL:
 * - placeholders `?`, `?1`, `??`, `$1`, `:name`, `@name`, sprintf/wpdb `%s %d %i %f` and `%1$s`;
 * - holes glued to identifier characters (`{$wpdb->prefix}posts`, `" . DB_PREFIX . "product`,
 *   `wp_{$blog}_posts`): one `word` token whose `parts` keep text and hole indexes apart;
 * - Joomla `#__users` and Drupal `{users}` table prefixes: a `word` with `prefixed` set;
 * - `$name`, `${expr}`, `{$expr}` written in plain text (a string given as-is by a caller): a `hole`
 *   token with `inlineSource`, handled like a real hole.
 */

/** Stands for one hole in raw text (a private-use character that SQL never contains). */
export const HOLE = '\uE000';

export type TokenType = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'hole' | 'op';

export interface Token {
  type: TokenType;
  /** Raw text of the token (hole sentinels included). */
  text: string;
  /** Upper-cased `text` for words; `text` otherwise. */
  upper: string;
  /** Raw-text offsets. */
  start: number;
  end: number;
  /** Whitespace or a comment precedes the token. */
  space: boolean;
  /** For `word` tokens containing holes: text parts and hole indexes, in order. */
  parts?: Array<string | number>;
  /** A `word` that started with a table prefix (a hole, `#__`, or Drupal braces) which was removed. */
  prefixed?: boolean;
  /** For `quoted` tokens: the identifier without quotes; for `hole`: the hole index. */
  value?: string;
  hole?: number;
  /** Source text of a hole written inline in plain text (`$table`, `${t}`, `{$t}`). */
  inlineSource?: string;
  /** Quote character of a `quoted` token (`` ` `` or `"`). */
  quote?: string;
}

const MULTI_OPS = ['<=>', '->>', '::', ':=', '<=', '>=', '<>', '!=', '||', '&&', '->', '<<', '>>', '#>>', '#>', '@>', '<@'];

const SPRINTF_LETTERS = 'sdifFuxXbceEgGo';

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\u007f' && c !== HOLE && /\p{L}/u.test(c));
}

function isWordChar(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9') || c === '$' || (c > '\u007f' && c !== HOLE && /\p{N}/u.test(c));
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Tokenizes raw SQL text. Comments are dropped (they set `space` on the next token). */
export function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  const n = raw.length;
  let i = 0;
  let hole = 0;
  let space = false;

  const push = (type: TokenType, start: number, end: number, extra: Partial<Token> = {}): void => {
    const text = raw.slice(start, end);
    tokens.push({ type, text, upper: type === 'word' ? text.toUpperCase() : text, start, end, space, ...extra });
    space = false;
  };
  const countHoles = (from: number, to: number): void => {
    for (let k = raw.indexOf(HOLE, from); k !== -1 && k < to; k = raw.indexOf(HOLE, k + 1)) hole++;
  };
  /** A hole written inline in text; glued to a following name it is that name's prefix. Returns the index after it. */
  const pushInlineHole = (start: number, end: number): number => {
    if (end < n && isWordChar(raw[end]) && raw[end] !== '$') {
      let e = end;
      while (e < n && isWordChar(raw[e])) e++;
      push('word', start, e, { parts: [raw.slice(end, e)], prefixed: true });
      return e;
    }
    push('hole', start, end, { inlineSource: raw.slice(start, end) });
    return end;
  };

  while (i < n) {
    const c = raw[i];
    const d = raw[i + 1] ?? '';
    // whitespace
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      space = true;
      i++;
      continue;
    }
    // comments
    if ((c === '-' && d === '-') || (c === '#' && !(d === '_' && raw[i + 2] === '_') && d !== '>' && d !== '-')) {
      const e = raw.indexOf('\n', i);
      const end = e === -1 ? n : e;
      countHoles(i, end);
      i = end;
      space = true;
      continue;
    }
    if (c === '/' && d === '*') {
      const e = raw.indexOf('*/', i + 2);
      const end = e === -1 ? n : e + 2;
      countHoles(i, end);
      i = end;
      space = true;
      continue;
    }
    // string literals, with an optional N/E/X/B prefix glued to the quote
    if (c === "'" || ((c === 'N' || c === 'n' || c === 'E' || c === 'e' || c === 'X' || c === 'x' || c === 'B' || c === 'b') && d === "'" && !isWordChar(raw[i - 1] ?? ''))) {
      const start = i;
      const q = c === "'" ? i : i + 1;
      const end = scanQuoted(raw, q, "'", true);
      countHoles(start, end);
      push('string', start, end);
      i = end;
      continue;
    }
    if (c === '"' || c === '`') {
      const start = i;
      const end = scanQuoted(raw, i, c, c === '"');
      const inner = raw.slice(start + 1, raw[end - 1] === c && end - 1 > start ? end - 1 : end).split(c + c).join(c);
      const extra: Partial<Token> = { value: inner, quote: c };
      if (inner.startsWith('#__') && inner.length > 3) {
        // Joomla's quoted `#__users`
        extra.parts = [inner.slice(3)];
        extra.prefixed = true;
      } else if (inner.includes(HOLE)) {
        // `" . DB_PREFIX . "product`: text parts and hole indexes, like a word built with holes
        const parts: Array<string | number> = [];
        inner.split(HOLE).forEach((text, k) => {
          if (k > 0) parts.push(hole++);
          if (text) parts.push(text);
        });
        extra.parts = parts;
        extra.prefixed = typeof parts[0] === 'number';
      }
      push('quoted', start, end, extra);
      i = end;
      continue;
    }
    // PostgreSQL dollar-quoted strings: $$…$$ or $tag$…$tag$
    if (c === '$') {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(raw.slice(i, i + 64));
      if (tag) {
        const close = raw.indexOf(tag[0], i + tag[0].length);
        const end = close === -1 ? n : close + tag[0].length;
        countHoles(i, end);
        push('string', i, end);
        i = end;
        continue;
      }
      if (isDigit(d)) {
        let e = i + 1;
        while (e < n && isDigit(raw[e])) e++;
        push('param', i, e);
        i = e;
        continue;
      }
      if (d === '{' || isWordStart(d)) {
        const end = d === '{' ? scanBraces(raw, i + 1) : scanPhpVariable(raw, i);
        countHoles(i, end);
        i = pushInlineHole(i, end);
        continue;
      }
    }
    if (c === '{' && d === '$') {
      const end = scanBraces(raw, i);
      countHoles(i, end);
      i = pushInlineHole(i, end);
      continue;
    }
    // Drupal {table}
    if (c === '{' && isWordStart(d)) {
      let e = i + 1;
      while (e < n && isWordChar(raw[e])) e++;
      if (raw[e] === '}') {
        push('word', i, e + 1, { parts: [raw.slice(i + 1, e)], prefixed: true });
        i = e + 1;
        continue;
      }
    }
    // words, possibly with holes glued to them; Joomla #__ prefix
    if (isWordStart(c) || c === HOLE || (c === '#' && d === '_' && raw[i + 2] === '_')) {
      const start = i;
      const parts: Array<string | number> = [];
      let prefixed = false;
      let e = i;
      if (c === '#') {
        prefixed = true;
        e = i + 3;
      }
      let textStart = e;
      while (e < n && (isWordChar(raw[e]) || raw[e] === HOLE)) {
        if (raw[e] === HOLE) {
          if (e > textStart) parts.push(raw.slice(textStart, e));
          parts.push(hole++);
          textStart = e + 1;
        }
        e++;
      }
      if (e > textStart) parts.push(raw.slice(textStart, e));
      const holeCount = parts.filter((p) => typeof p === 'number').length;
      if (holeCount === parts.length && !prefixed) {
        // only holes: the last one is the hole, any before it are prefixes
        push('hole', start, e, { hole: parts[parts.length - 1] as number, parts });
      } else if (holeCount === 0 && !prefixed) {
        push('word', start, e);
      } else {
        // `upper` keeps the sentinel or prefix, so such a word never reads as a keyword
        push('word', start, e, { parts, prefixed: prefixed || typeof parts[0] === 'number' });
      }
      i = e;
      continue;
    }
    // numbers
    if (isDigit(c) || (c === '.' && isDigit(d))) {
      let e = i;
      if (c === '0' && (d === 'x' || d === 'X')) {
        e += 2;
        while (e < n && /[0-9a-fA-F]/.test(raw[e])) e++;
      } else {
        while (e < n && isDigit(raw[e])) e++;
        if (raw[e] === '.' && isDigit(raw[e + 1] ?? '')) {
          e++;
          while (e < n && isDigit(raw[e])) e++;
        } else if (raw[e] === '.' && !isWordStart(raw[e + 1] ?? '')) e++;
        if ((raw[e] === 'e' || raw[e] === 'E') && (isDigit(raw[e + 1] ?? '') || ((raw[e + 1] === '+' || raw[e + 1] === '-') && isDigit(raw[e + 2] ?? '')))) {
          e += 2;
          while (e < n && isDigit(raw[e])) e++;
        }
      }
      // identifiers may start with digits in MySQL (`2fa_codes`)
      if (e < n && isWordStart(raw[e])) {
        while (e < n && isWordChar(raw[e])) e++;
        push('word', i, e);
      } else push('number', i, e);
      i = e;
      continue;
    }
    // placeholders
    if (c === '?') {
      let e = i + 1;
      if (d === '?') e++;
      else while (e < n && isDigit(raw[e])) e++;
      // PostgreSQL JSON operators ?| and ?& are not placeholders
      if (e === i + 1 && (d === '|' || d === '&')) {
        push('op', i, i + 2);
        i += 2;
        continue;
      }
      push('param', i, e);
      i = e;
      continue;
    }
    if (c === ':' && isWordStart(d) && raw[i - 1] !== ':') {
      let e = i + 1;
      while (e < n && (isWordChar(raw[e]) && raw[e] !== '$')) e++;
      push('param', i, e);
      i = e;
      continue;
    }
    if (c === '@' && d === '@') {
      let e = i + 2;
      while (e < n && (isWordChar(raw[e]) || raw[e] === '.')) e++;
      push('word', i, e);
      i = e;
      continue;
    }
    if (c === '@' && (isWordStart(d) || isDigit(d))) {
      let e = i + 1;
      while (e < n && isWordChar(raw[e])) e++;
      push('param', i, e);
      i = e;
      continue;
    }
    if (c === '%') {
      const m = /^%(?:\d+\$)?([a-zA-Z])/.exec(raw.slice(i, i + 8));
      if (m && SPRINTF_LETTERS.includes(m[1]) && !isWordChar(raw[i + m[0].length] ?? '')) {
        push('param', i, i + m[0].length);
        i += m[0].length;
        continue;
      }
    }
    const op = MULTI_OPS.find((o) => raw.startsWith(o, i));
    const len = op ? op.length : 1;
    push('op', i, i + len);
    i += len;
  }
  return tokens;
}

/** End offset (exclusive) of a quoted run starting at `start` (the opening quote); tolerates no closing quote. */
function scanQuoted(raw: string, start: number, q: string, backslash: boolean): number {
  let i = start + 1;
  while (i < raw.length) {
    const c = raw[i];
    if (backslash && c === '\\') {
      i += 2;
      continue;
    }
    if (c === q) {
      if (raw[i + 1] === q) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return raw.length;
}

/** `{…}` with nesting, from the opening brace; tolerates no closing brace. */
function scanBraces(raw: string, open: number): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    if (raw[i] === '{') depth++;
    else if (raw[i] === '}' && --depth === 0) return i + 1;
  }
  return raw.length;
}

/** PHP-style `$var`, `$obj->prop`, `$arr['k']` written inline in text. */
function scanPhpVariable(raw: string, start: number): number {
  let e = start + 1;
  while (e < raw.length && isWordChar(raw[e]) && raw[e] !== '$') e++;
  for (;;) {
    if (raw.startsWith('->', e) && isWordStart(raw[e + 2] ?? '')) {
      e += 2;
      while (e < raw.length && isWordChar(raw[e]) && raw[e] !== '$') e++;
    } else if (raw[e] === '[') {
      const close = raw.indexOf(']', e);
      if (close === -1 || close - e > 40) break;
      e = close + 1;
    } else break;
  }
  return e;
}
