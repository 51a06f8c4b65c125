/** A line buffer with indentation, for writing generated source. */
export class Code {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(private readonly indentUnit: string) {}

  line(text = ''): this {
    this.lines.push(text === '' ? '' : this.indentUnit.repeat(this.depth) + text);
    return this;
  }

  /** Several lines at the current indentation (a multi-line string is split). */
  lines_(text: string): this {
    for (const l of text.split('\n')) this.line(l);
    return this;
  }

  /** Lines written as they are (heredoc bodies, HTML). */
  raw(text: string): this {
    this.lines.push(...text.split('\n'));
    return this;
  }

  open(text: string): this {
    this.line(text);
    this.depth++;
    return this;
  }

  close(text = '}'): this {
    this.depth = Math.max(0, this.depth - 1);
    return this.line(text);
  }

  /** `open(head)`, the body, `close(tail)`. */
  block(head: string, body: () => void, tail = '}'): this {
    this.open(head);
    body();
    return this.close(tail);
  }

  /** `if (…) {` … `} else {` … `}`: each head after the first continues the previous block. */
  chain(...parts: [head: string, body: () => void][]): this {
    parts.forEach(([head, body], i) => {
      if (i > 0) this.depth = Math.max(0, this.depth - 1);
      this.open(head);
      body();
    });
    return this.close('}');
  }

  /** A head, then the body in braces on their own lines (PSR-12 classes and methods). */
  allman(head: string, body: () => void): this {
    this.line(head);
    return this.block('{', body);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
