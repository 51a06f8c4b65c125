/**
 * Inline suppressions: a comment on the line before a finding's line silences it.
 *
 *   // tocscan-ignore-next-line check-then-act -- stock is reserved by the queue worker
 *   # tocscan-ignore-next-line insert-if-absent, check-then-act -- …    (PHP)
 *   /* tocscan-ignore-next-line -- reason *\/                            (no rule ids: every rule)
 *
 * Rule ids may carry the `tocscan/` prefix ESLint users write. In TS/JS files an ESLint directive for
 * tocscan's rules (`// eslint-disable-next-line tocscan/check-then-act`) counts too, so the CLI and
 * ESLint agree on the same file. The reason follows `--`.
 */
import type { Lang, Loc } from './model.js';

export interface Suppression {
  /** Where the comment stands. */
  loc: Loc;
  /** The line whose findings it silences. */
  targetLine: number;
  /** Rule ids without the `tocscan/` prefix; empty: every rule. */
  rules: string[];
  /** Text after `--`, trimmed; empty when none was given. */
  reason: string;
  /** `tocscan-ignore-next-line`, or an ESLint directive (reported by ESLint itself when unused). */
  kind: 'tocscan' | 'eslint';
}

const MARKER = /tocscan-ignore-next-line|eslint-disable-next-line|eslint-disable-line/;
/** `//` or `/*` comments in both languages; `#` (not `#[`, an attribute) in PHP. */
const COMMENT = {
  ts: /(^|[\s;{}(),])(\/\/|\/\*+)\s*(tocscan-ignore-next-line|eslint-disable-next-line|eslint-disable-line)\b/g,
  php: /(^|[\s;{}(),])(\/\/|\/\*+|#(?!\[))\s*(tocscan-ignore-next-line|eslint-disable-next-line|eslint-disable-line)\b/g,
};

/** Every suppression comment in a file's text (cheap when the text mentions none). */
export function parseSuppressions(text: string, lang: Lang): Suppression[] {
  if (!MARKER.test(text)) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] };
  };
  const out: Suppression[] = [];
  for (const m of text.matchAll(COMMENT[lang])) {
    const start = (m.index ?? 0) + m[1].length;
    const opener = m[2];
    const directive = m[3];
    const bodyStart = (m.index ?? 0) + m[0].length;
    const block = opener.startsWith('/*');
    let end = block ? text.indexOf('*/', bodyStart) : text.indexOf('\n', bodyStart);
    if (end < 0) end = text.length;
    const body = text.slice(bodyStart, end).replace(/\r$/, '');
    const commentEnd = block && end < text.length ? end + 2 : end;
    const from = position(start);
    const to = position(commentEnd);
    const { rules, reason } = splitBody(body);
    if (directive !== 'tocscan-ignore-next-line') {
      if (lang !== 'ts') continue;
      const ours = rules.filter((r) => r.startsWith('tocscan/'));
      if (rules.length > 0 && ours.length === 0) continue;
      out.push({
        loc: { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, offset: start, endOffset: commentEnd },
        targetLine: directive === 'eslint-disable-line' ? from.line : to.line + 1,
        rules: ours.map(withoutPrefix),
        reason,
        kind: 'eslint',
      });
      continue;
    }
    out.push({
      loc: { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, offset: start, endOffset: commentEnd },
      targetLine: to.line + 1,
      rules: rules.map(withoutPrefix),
      reason,
      kind: 'tocscan',
    });
  }
  return out;
}

function withoutPrefix(id: string): string {
  return id.replace(/^tocscan\//, '');
}

/** `check-then-act, insert-if-absent -- reason` → ids and reason. */
function splitBody(body: string): { rules: string[]; reason: string } {
  const dash = /(?:^|\s)--+(?:\s|$)/.exec(body);
  const ids = dash ? body.slice(0, dash.index) : body;
  const reason = dash ? body.slice(dash.index + dash[0].length).trim() : '';
  return { rules: ids.split(/[\s,]+/).filter((s) => s.length > 0), reason };
}

/** The suppression silencing a finding of `ruleId` reported on `line`, if any. */
export function suppressionFor(suppressions: readonly Suppression[], ruleId: string, line: number): Suppression | undefined {
  return suppressions.find((s) => s.targetLine === line && (s.rules.length === 0 || s.rules.includes(ruleId)));
}
