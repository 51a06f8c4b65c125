/** php-parser's endless loops on some broken code (found by the fuzz harness) end as a reported parse problem. */
import { expect, it } from 'vitest';
import { parsePhp } from '../src/index.js';

it.each([
  ['a `{` that read_dereferencable never consumes', '<?php\n\u00ed "SELECT 1 FROM {$a->b}x",\n "{$a->b}y",\n', 3],
  ['error recovery raising the same error forever', '<?php\n    public function placeOrder(int $customerId): int\n    {\n        $this->mailer->send(namespace, $orderId);\n', 4],
])('%s', (_, text, line) => {
  const started = performance.now();
  const model = parsePhp(text, 'broken.php');
  expect(performance.now() - started).toBeLessThan(5000);
  expect(model.problems.at(-1)).toMatchObject({ severity: 'fatal', line, message: expect.stringMatching(/^php-parser could not read past line \d+ \(it stopped making progress/) });
});

it('leaves ordinary broken code to php-parser’s error recovery', () => {
  const model = parsePhp('<?php\nfunction ok() { return 1; }\n$x = ;\nfunction later($db) { return mysqli_query($db, "SELECT 2"); }\n', 'partial.php');
  expect(model.problems.length).toBeGreaterThan(0);
  expect(model.problems.every((p) => p.severity === 'syntax')).toBe(true);
  expect(model.units.map((u) => u.name)).toEqual(['<script>', 'ok', 'later']);
});
