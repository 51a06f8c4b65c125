/**
 * Fixture annotations (Semgrep style): `// expect: rule-a, rule-b` or `// ok: rule-a` (also `#` in PHP)
 * on the line before the line the finding is reported on. Stacked annotations target the next code line.
 */
export interface Annotation {
  kind: 'expect' | 'ok';
  ruleId: string;
  /** 1-based line the annotation is about. */
  line: number;
  /** 1-based line of the comment itself. */
  commentLine: number;
}

const ANNOTATION = /^\s*(?:\/\/|#|\/\*|\*)\s*(expect|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split(/\r?\n/);
  const out: Annotation[] = [];
  let pending: Omit<Annotation, 'line'>[] = [];
  lines.forEach((content, i) => {
    const m = ANNOTATION.exec(content);
    if (m) {
      for (const id of m[2].split(',')) pending.push({ kind: m[1] as Annotation['kind'], ruleId: id.trim(), commentLine: i + 1 });
      return;
    }
    if (pending.length && content.trim() !== '') {
      for (const p of pending) out.push({ ...p, line: i + 1 });
      pending = [];
    }
  });
  return out;
}

export function key(line: number, ruleId: string): string {
  return `${line}:${ruleId}`;
}
