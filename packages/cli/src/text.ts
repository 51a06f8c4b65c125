/** Small text helpers for the terminal reporters. Widths count code points (SQL and code are mostly ASCII). */

export function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Collapses runs of whitespace (newlines included) to one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to at most `max` code points, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

export function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

/** Greedy word wrap; words longer than `max` are cut. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of oneLine(text).split(' ')) {
    const w = truncate(word, max);
    if (current === '') current = w;
    else if (width(current) + 1 + width(w) <= max) current += ` ${w}`;
    else {
      lines.push(current);
      current = w;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
