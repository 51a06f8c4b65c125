/**
 * End to end: the built `tocscan-language-server --stdio` driven by a real LSP client
 * (vscode-languageserver-protocol). Two server processes in all, each shared by its tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsUrl } from '@tocscan/core';
import { parsePhp } from '@tocscan/lang-php';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { bigPhpFile } from './big-file.js';
import { pathUri, TestClient } from './lsp-client.js';

const CLI_BIN = fileURLToPath(new URL('../../cli/bin/tocscan.js', import.meta.url));
const GIFT_CARDS = readFileSync(new URL('./samples/GiftCardController.php', import.meta.url), 'utf8');
const CHECKOUT_TS = readFileSync(new URL('./samples/checkout.ts', import.meta.url), 'utf8');
/** A fixture of the repository (read only): mysqli, so the dialect is known and the lock fix applies. */
const ADD_TO_CART = readFileSync(new URL('../../../fixtures/php/add-to-cart-mysqli.php', import.meta.url), 'utf8');

const byCode = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.filter((d) => d.code === code);
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code).sort();
const isAction = (a: unknown): a is CodeAction => typeof a === 'object' && a !== null && 'title' in a && !('command' in a && typeof (a as { command: unknown }).command === 'string');

describe('tocscan-language-server over stdio', () => {
  let root: string;
  let client: TestClient;
  let settings: unknown = null;
  const uri = (name: string) => pathUri(join(root, name));

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tocscan-ls-'));
    client = await TestClient.start({ rootDir: root, settings: () => settings });
  });

  afterAll(async () => {
    // shutdown/exit: the process must leave on its own with exit code 0.
    if (client) expect(await client.stop()).toBe(0);
    rmSync(root, { recursive: true, force: true });
  });

  it('initializes: incremental sync, save, quick fixes, and a dynamic watcher for the config files', async () => {
    const { capabilities, serverInfo } = client.initializeResult;
    expect(serverInfo?.name).toBe('tocscan-language-server');
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2, save: { includeText: false } });
    expect(capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix'] });
    await expect.poll(() => client.registrations.map((r) => r.method)).toContain('workspace/didChangeWatchedFiles');
    const watcher = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    expect(watcher.registerOptions).toEqual({ watchers: [{ globPattern: '**/tocscan.config.json' }, { globPattern: '**/.tocscanrc.json' }] });
  });

  it('publishes the races at the writes, with the CLI rule ids, messages and docs, and the read as related information', async () => {
    const gift = uri('GiftCardController.php');
    client.open(gift, 'php', GIFT_CARDS);
    const published = await client.diagnostics(gift);
    expect(published.version).toBe(1);
    expect(codes(published)).toEqual(['check-then-act', 'insert-if-absent']);

    const [race] = byCode(published, 'check-then-act');
    // `$update->execute([...])`, line 24 (1-based) from column 8.
    expect(race.range).toEqual({ start: { line: 23, character: 8 }, end: { line: 23, character: 78 } });
    expect(race.severity).toBe(DiagnosticSeverity.Error);
    expect(race.source).toBe('tocscan');
    expect(race.codeDescription).toEqual({ href: docsUrl('check-then-act') });
    expect(race.message).toMatch(/^gift_cards: read at line 16 and written at line 24; another request can change the row in between/);
    expect(race.relatedInformation).toEqual([
      {
        location: { uri: gift, range: { start: { line: 15, character: 8 }, end: { line: 15, character: 31 } } },
        message: 'read of gift_cards: SELECT id, balance_cents FROM gift_cards WHERE code = ? AND active = 1',
      },
    ]);

    const [duplicate] = byCode(published, 'insert-if-absent');
    expect(duplicate.range.start).toEqual({ line: 37, character: 12 });
    expect(duplicate.message).toMatch(/^wishlist_items: checked at line 35 and inserted at line 38/);
    client.close(gift);
  });

  it('suppresses a finding with the "suppress on this line" action; the other finding stays', async () => {
    const gift = uri('Suppressed.php');
    client.open(gift, 'php', GIFT_CARDS);
    const before = await client.diagnostics(gift);
    const [race] = byCode(before, 'check-then-act');
    const actions = (await client.codeActions(gift, race.range))!.filter(isAction);
    const suppress = actions.find((a) => a.title === 'Suppress check-then-act on this line')!;
    expect(suppress).toBeDefined();
    expect(suppress.kind).toBe('quickfix');
    expect(suppress.diagnostics?.map((d) => d.code)).toEqual(['check-then-act']);
    // No action for the finding on another line.
    expect(actions.some((a) => a.title.includes('insert-if-absent'))).toBe(false);

    const since = client.published.length;
    const edited = client.apply(suppress);
    expect(edited.getText().split('\n')[23]).toBe('        // tocscan-ignore-next-line check-then-act -- TODO: say why this is safe');
    const after = await client.diagnostics(gift, (p) => p.version === edited.version, since);
    expect(codes(after)).toEqual(['insert-if-absent']);
    // Line numbers moved with the inserted comment.
    expect(byCode(after, 'insert-if-absent')[0].range.start.line).toBe(38);
    client.close(gift);
  });

  it('offers the fixers\' verified rewrite as the preferred quick fix; applied, the race is gone', async () => {
    const cart = uri('add-to-cart.php');
    client.open(cart, 'php', ADD_TO_CART);
    const before = await client.diagnostics(cart);
    const [race] = byCode(before, 'check-then-act');
    const actions = (await client.codeActions(cart, race.range))!.filter(isAction);
    // The fixers' rewrites first (the preferred one leading), the suppression last.
    const [lock] = actions;
    expect(lock.title).toMatch(/^Lock the cart_items row: add FOR UPDATE to the SELECT at line 14 and run lines \d+–28 in one transaction \(\$db->begin_transaction\(\)/);
    expect(actions.at(-1)!.title).toBe('Suppress check-then-act on this line');
    expect(actions.filter((a) => a.isPreferred)).toEqual([lock]);
    expect(lock).toMatchObject({ kind: 'quickfix', isPreferred: true, diagnostics: [race] });

    const since = client.published.length;
    const fixed = client.apply(lock);
    expect(fixed.getText()).toContain('FOR UPDATE');
    expect(fixed.getText()).toContain('begin_transaction()');
    const after = await client.diagnostics(cart, (p) => p.version === fixed.version, since);
    expect(codes(after)).not.toContain('check-then-act');
    client.close(cart);
  });

  it('adds a second rule to the suppression comment already above the line instead of stacking comments', async () => {
    const name = uri('cart.php');
    const text = [
      '<?php',
      '// Cart: adds the line when missing; a second suppression joins the first comment.',
      'function cart_add(PDO $pdo, int $cartId, int $productId): void',
      '{',
      "    $find = $pdo->prepare('SELECT id FROM cart_items WHERE cart_id = ? AND product_id = ?');",
      '    $find->execute([$cartId, $productId]);',
      '    if ($find->fetch() === false) {',
      "        $insert = $pdo->prepare('INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (?, ?, 1)');",
      '        // tocscan-ignore-next-line check-then-act -- reviewed',
      '        $insert->execute([$cartId, $productId]);',
      '    }',
      '}',
      '',
    ].join('\n');
    client.open(name, 'php', text);
    const [finding] = (await client.diagnostics(name)).diagnostics;
    expect(finding.code).toBe('insert-if-absent');
    const suppress = (await client.codeActions(name, finding.range))!.filter(isAction).find((a) => a.title.startsWith('Suppress'))!;
    const since = client.published.length;
    const edited = client.apply(suppress);
    expect(edited.getText().split('\n')[8]).toBe('        // tocscan-ignore-next-line check-then-act, insert-if-absent -- reviewed');
    expect((await client.diagnostics(name, (p) => p.version === edited.version, since)).diagnostics).toEqual([]);
    client.close(name);
  });

  it('clears the diagnostics on close', async () => {
    const gift = uri('Closed.php');
    client.open(gift, 'php', GIFT_CARDS);
    expect((await client.diagnostics(gift)).diagnostics).toHaveLength(2);
    const since = client.published.length;
    client.close(gift);
    const cleared = await client.diagnostics(gift, () => true, since);
    expect(cleared.diagnostics).toEqual([]);
  });

  it('never crashes on garbage or half-typed text, and a burst of edits costs one analysis', async () => {
    const junk = uri('junk.php');
    client.open(junk, 'php', '\u0000\uffff<?php {{{ ((( "unterminated $x->->-> function ( class { ?> <?= ');
    const junkDiagnostics = await client.diagnostics(junk);
    expect(junkDiagnostics.diagnostics.every((d) => d.source === 'tocscan')).toBe(true);

    // Typing the gift card controller character run by character run, 20 ms apart.
    const typed = uri('Typed.php');
    client.open(typed, 'php', '<?php\n');
    await client.diagnostics(typed);
    const since = client.published.length;
    let version = 1;
    let longestGap = 0;
    let last = performance.now();
    for (let end = 40; end < GIFT_CARDS.length; end += 40) {
      version = client.change(typed, GIFT_CARDS.slice(0, end)).version;
      await new Promise((r) => setTimeout(r, 20));
      longestGap = Math.max(longestGap, performance.now() - last);
      last = performance.now();
    }
    version = client.change(typed, GIFT_CARDS).version;
    const final = await client.diagnostics(typed, (p) => p.version === version, since);
    expect(codes(final)).toEqual(['check-then-act', 'insert-if-absent']);
    // Debounced (200 ms): edits 20 ms apart never let an analysis of a stale version through
    // (unless this process itself stalled longer than the debounce between two edits).
    const publishes = client.published.slice(since).filter((p) => p.uri === typed).map((p) => p.version);
    if (longestGap < 150) expect(publishes).toEqual([version]);
    else expect(publishes.at(-1)).toBe(version);

    // Still answering.
    expect(await client.codeActions(typed, final.diagnostics[0].range)).not.toEqual([]);
    client.close(junk);
    client.close(typed);
  });

  it('analyses a 5,000-line file off the main thread: other requests wait less than one parse of it', async () => {
    const big = bigPhpFile(5_000);
    // What one parse of that file costs here (warm, as in the server's worker).
    parsePhp(big.text, 'big.php');
    const parseStart = performance.now();
    parsePhp(big.text, 'big.php');
    const parseMs = performance.now() - parseStart;

    const small = uri('Small.php');
    client.open(small, 'php', GIFT_CARDS);
    const smallDiagnostics = await client.diagnostics(small);
    const finding = smallDiagnostics.diagnostics[0].range;
    const noFinding = { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } };
    // Measure blocking, not the fix worker's first (cold) run.
    await client.codeActions(small, finding);

    const bigUri = uri('Big.php');
    const since = client.published.length;
    const opened = performance.now();
    client.open(bigUri, 'php', big.text);
    let done = false;
    const first = client.diagnostics(bigUri, () => true, since).then((p) => {
      done = true;
      return p;
    });
    // Two kinds of request meanwhile: one the main thread answers alone (no finding on the line), and
    // a light bulb on a finding (its quick fixes are computed in the fix worker, not behind the analysis).
    const plain: number[] = [];
    const lightBulb: number[] = [];
    while (!done) {
      for (const [range, waits] of [[noFinding, plain], [finding, lightBulb]] as const) {
        const asked = performance.now();
        await client.codeActions(small, range);
        waits.push(performance.now() - asked);
      }
    }
    const published = await first;
    const firstDiagnosticMs = performance.now() - opened;
    expect(published.diagnostics.filter((d) => d.code === 'check-then-act')).toHaveLength(big.races);
    // The light bulb on a finding of the large file itself (the fix engine parses it again).
    const asked = performance.now();
    const bigActions = await client.codeActions(bigUri, published.diagnostics[big.races - 1].range);
    const bigActionsMs = performance.now() - asked;
    expect(bigActions?.length).toBeGreaterThan(0);
    client.close(bigUri);
    client.close(small);
    const longest = (waits: number[]) => Math.max(...waits);
    process.stdout.write(
      `[language-server] ${big.lines}-line PHP file: first diagnostics after ${firstDiagnosticMs.toFixed(0)} ms (one parse: ${parseMs.toFixed(0)} ms); ` +
        `meanwhile ${plain.length} plain requests waited at most ${longest(plain).toFixed(1)} ms, ` +
        `${lightBulb.length} light bulbs in a small file at most ${longest(lightBulb).toFixed(1)} ms; ` +
        `light bulb on one of its own findings ${bigActionsMs.toFixed(0)} ms\n`,
    );
    expect(plain.length).toBeGreaterThan(1);
    expect(longest(plain)).toBeLessThan(parseMs);
    // Had the fixes waited behind the analysis, a light bulb would have taken about as long as it.
    expect(longest(lightBulb)).toBeLessThan(firstDiagnosticMs / 2);
  });

  it('honours $/cancelRequest for a code action waiting on an analysis', async () => {
    const bigUri = uri('Cancelled.php');
    const { text } = bigPhpFile(5_000);
    client.open(bigUri, 'php', text);
    await client.diagnostics(bigUri);
    const edited = client.change(bigUri, `${text}\n// edited\n`);
    const cancel = new CancellationTokenSource();
    const request = client.codeActions(bigUri, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, cancel);
    setTimeout(() => cancel.cancel(), 10);
    await expect(request).rejects.toMatchObject({ code: -32800 });
    // The analysis itself went on and was published for the edited version.
    await client.diagnostics(bigUri, (p) => p.version === edited.version);
    client.close(bigUri);
  });

  it('reads tocscan.config.json from the workspace folder and reloads it on workspace/didChangeWatchedFiles', async () => {
    const gift = uri('src/Configured.php');
    const configFile = join(root, 'tocscan.config.json');
    client.open(gift, 'php', GIFT_CARDS);
    await client.diagnostics(gift);

    let since = client.published.length;
    writeFileSync(configFile, JSON.stringify({ rules: { 'check-then-act': 'warn', 'insert-if-absent': 'off' } }));
    client.configChanged(pathUri(configFile));
    const warned = await client.diagnostics(gift, (p) => codes(p).join() === 'check-then-act', since);
    expect(warned.diagnostics[0].severity).toBe(DiagnosticSeverity.Warning);

    since = client.published.length;
    const messages = client.messages.length;
    writeFileSync(configFile, JSON.stringify({ preset: 'loose', rules: { 'check-then-act': 'loud' } }));
    client.configChanged(pathUri(configFile));
    await client.diagnostics(gift, (p) => codes(p).length === 2, since);
    await expect.poll(() => client.messages.slice(messages).map((m) => m.message).join('\n')).toMatch(
      /tocscan\.config\.json: "preset" must be one of "recommended", "strict", got "loose"; using "recommended"; "rules\.check-then-act" must be one of "off", "warn", "error", got "loud"/,
    );

    since = client.published.length;
    rmSync(configFile);
    client.configChanged(pathUri(configFile));
    const restored = await client.diagnostics(gift, () => true, since);
    expect(restored.diagnostics.map((d: Diagnostic) => d.severity)).toEqual([DiagnosticSeverity.Error, DiagnosticSeverity.Error]);
    client.close(gift);
  });

  it("gives no diagnostics to a file the configuration's include/exclude leave out, as the CLI reports none", async () => {
    const legacy = uri('legacy/GiftCards.php');
    const kept = uri('src/GiftCards.php');
    const configFile = join(root, 'tocscan.config.json');
    writeFileSync(configFile, JSON.stringify({ exclude: ['legacy/**'] }));
    client.configChanged(pathUri(configFile));
    client.open(legacy, 'php', GIFT_CARDS);
    client.open(kept, 'php', GIFT_CARDS);
    expect(codes(await client.diagnostics(kept))).toEqual(['check-then-act', 'insert-if-absent']);
    expect(client.published.filter((p) => p.uri === legacy && p.diagnostics.length > 0)).toEqual([]);

    // Without the exclude the file is analysed; with it again, its diagnostics are cleared.
    let since = client.published.length;
    writeFileSync(configFile, JSON.stringify({ include: ['legacy', 'src'] }));
    client.configChanged(pathUri(configFile));
    expect(codes(await client.diagnostics(legacy, (p) => p.diagnostics.length > 0, since))).toEqual(['check-then-act', 'insert-if-absent']);
    since = client.published.length;
    writeFileSync(configFile, JSON.stringify({ include: ['src/**/*.php'] }));
    client.configChanged(pathUri(configFile));
    expect((await client.diagnostics(legacy, () => true, since)).diagnostics).toEqual([]);
    rmSync(configFile);
    client.close(legacy);
    client.close(kept);
  });

  it('hides what the baseline lists (a baseline the CLI wrote), and shows it again once the entry is gone', async () => {
    const cart = uri('shop/GiftCards.php');
    const configFile = join(root, 'tocscan.config.json');
    const baselineFile = join(root, 'qa/baseline.json');
    mkdirSync(join(root, 'shop'), { recursive: true });
    writeFileSync(join(root, 'shop/GiftCards.php'), GIFT_CARDS);
    writeFileSync(configFile, JSON.stringify({ baseline: 'qa/baseline.json' }));
    const cli = spawnSync(process.execPath, [CLI_BIN, '--generate-baseline', 'qa/baseline.json'], { cwd: root, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const written = JSON.parse(readFileSync(baselineFile, 'utf8'));
    expect(written.entries.map((e: { rule: string; file: string }) => `${e.rule} ${e.file}`)).toEqual(['check-then-act ../shop/GiftCards.php', 'insert-if-absent ../shop/GiftCards.php']);
    // Keep only the check-then-act entry: the editor then shows the insert-if-absent finding alone.
    writeFileSync(baselineFile, JSON.stringify({ ...written, entries: written.entries.slice(0, 1) }));
    client.configChanged(pathUri(configFile));
    client.open(cart, 'php', GIFT_CARDS);
    expect(codes(await client.diagnostics(cart))).toEqual(['insert-if-absent']);

    const since = client.published.length;
    // The baseline is read again at the next analysis once it changed (no watcher needed).
    writeFileSync(baselineFile, JSON.stringify({ ...written, entries: [] }));
    client.change(cart, GIFT_CARDS);
    expect(codes(await client.diagnostics(cart, (p) => p.diagnostics.length === 2, since))).toEqual(['check-then-act', 'insert-if-absent']);
    client.close(cart);
    rmSync(configFile);
    rmSync(join(root, 'qa'), { recursive: true, force: true });
    client.configChanged(pathUri(configFile));
  });

  it('leaves TypeScript alone until the client turns it on with workspace/configuration', async () => {
    const ts = uri('checkout.ts');
    const php = uri('after.php');
    client.open(ts, 'typescript', CHECKOUT_TS);
    client.open(php, 'php', GIFT_CARDS);
    await client.diagnostics(php);
    expect(client.published.some((p) => p.uri === ts)).toBe(false);
    client.close(php);

    settings = { languages: ['php', 'typescript'] };
    client.settingsChanged(null);
    const published = await client.diagnostics(ts);
    expect(codes(published)).toEqual(['check-then-act']);
    expect(published.diagnostics[0].range.start).toEqual({ line: 9, character: 8 });

    // Turned off again: its diagnostics are cleared.
    const since = client.published.length;
    settings = { languages: ['php'] };
    client.settingsChanged(null);
    expect((await client.diagnostics(ts, () => true, since)).diagnostics).toEqual([]);
    client.close(ts);
  });
});

describe('a client with few capabilities that never answers workspace/configuration, TypeScript on through initializationOptions', () => {
  let root: string;
  let client: TestClient;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tocscan-ls-'));
    client = await TestClient.start({
      rootDir: root,
      capabilities: { workspace: { configuration: true } },
      settings: 'never',
      initializationOptions: { languages: ['php', 'typescript'] },
    });
  });

  afterAll(async () => {
    if (client) expect(await client.stop()).toBe(0);
    rmSync(root, { recursive: true, force: true });
  });

  it('analyses TypeScript once the settings request gives up, leaves out what the client cannot show, and edits with plain `changes`', async () => {
    const ts = pathUri(join(root, 'checkout.ts'));
    const opened = performance.now();
    client.open(ts, 'typescript', CHECKOUT_TS);
    const [race] = (await client.diagnostics(ts)).diagnostics;
    // Analyses waited for the unanswered workspace/configuration (3 s), then went on with the initialization options.
    expect(performance.now() - opened).toBeGreaterThan(2_000);
    await expect.poll(() => client.logs.join('\n')).toMatch(/could not read the client's settings: no answer within 3000 ms/);
    expect(race.code).toBe('check-then-act');
    expect(race.relatedInformation).toBeUndefined();
    expect(race.codeDescription).toBeUndefined();
    expect(client.registrations).toEqual([]);

    const suppress = (await client.codeActions(ts, race.range))!.filter(isAction).find((a) => a.title.startsWith('Suppress'))!;
    expect(suppress.edit).toEqual({
      changes: {
        [ts]: [
          {
            range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } },
            newText: '  // tocscan-ignore-next-line check-then-act -- TODO: say why this is safe\n',
          },
        ],
      },
    });
  });

  it('turns a JavaScript file on only when asked: JavaScript is not in the list', async () => {
    const js = pathUri(join(root, 'checkout.js'));
    const php = pathUri(join(root, 'x.php'));
    client.open(js, 'javascript', CHECKOUT_TS.replace(/: (number|Promise<void>)/g, ''));
    client.open(php, 'php', GIFT_CARDS);
    await client.diagnostics(php);
    expect(client.published.some((p) => p.uri === js)).toBe(false);
  });
});
