/**
 * The worker host, from the build (a worker thread runs dist/analysis/worker.js): newest request per
 * document, and a worker that runs too long is replaced without losing the next request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assertBuilt } from './lsp-client.js';
import { bigPhpFile } from './big-file.js';
import type { Analyzer as AnalyzerType } from '../src/analysis/analyzer.js';
import type { AnalysisRequest } from '../src/analysis/protocol.js';

assertBuilt();
const { Analyzer } = (await import(new URL('../dist/analysis/analyzer.js', import.meta.url).href)) as { Analyzer: typeof AnalyzerType };

const SMALL = `<?php
function take(PDO $pdo, int $id): void
{
    $stmt = $pdo->prepare('SELECT quantity FROM products WHERE id = ?');
    $stmt->execute([$id]);
    if ($stmt->fetchColumn() < 1) {
        throw new RuntimeException('sold out');
    }
    $pdo->prepare('UPDATE products SET quantity = quantity - 1 WHERE id = ?')->execute([$id]);
}
`;

const request = (text: string): AnalysisRequest => ({ text, path: 'take.php', lang: 'php', preset: 'recommended', rules: {}, source: {} });

describe('Analyzer', () => {
  let analyzer: AnalyzerType | undefined;
  const logs: string[] = [];
  afterEach(async () => {
    await analyzer?.dispose();
    analyzer = undefined;
  });

  it('replaces a waiting request for the same document with the newer one', async () => {
    analyzer = new Analyzer({ timeoutMs: 30_000, maxHeapMb: 512, log: (m) => logs.push(m) });
    const running = analyzer.analyze('a', request(SMALL));
    const stale = analyzer.analyze('b', request('<?php // old'));
    const other = analyzer.analyze('c', request(SMALL));
    const newest = analyzer.analyze('b', request(SMALL));
    expect(await stale).toBeUndefined();
    for (const result of await Promise.all([running, other, newest])) {
      expect(result?.findings.map((f) => f.ruleId)).toEqual(['check-then-act']);
    }
  });

  it('stops an analysis over the time limit, says why, and serves the next request with a new worker', async () => {
    analyzer = new Analyzer({ timeoutMs: 1_000, maxHeapMb: 1_024, log: (m) => logs.push(m) });
    // ~150,000 lines: several seconds of parsing.
    const huge = analyzer.analyze('huge', request(bigPhpFile(150_000).text));
    const next = analyzer.analyze('small', request(SMALL));
    await expect(huge).rejects.toThrow('the analysis took longer than 1 s and was stopped');
    expect(logs).toContain('the analysis took longer than 1 s and was stopped');
    expect((await next)?.findings.map((f) => f.ruleId)).toEqual(['check-then-act']);
  });
});
