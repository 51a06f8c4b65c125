import { describe, expect, it } from 'vitest';
import { parsePhp } from '@tocscan/lang-php';
import { php, queries, shape, unit } from './support.js';

describe('parsing and problems', () => {
  it('reads a clean file without problems', () => {
    const m = php(`function f($db) { return $db->query("SELECT 1 FROM t"); }`);
    expect(m.lang).toBe('php');
    expect(m.path).toBe('test.php');
    expect(m.problems).toEqual([]);
  });

  it('reports syntax errors and still reads the functions before and after them', () => {
    const m = php(`
function before($pdo) { $pdo->exec("UPDATE a SET x = 1"); }
function broken($pdo { $x = ; }
function after($pdo) { $pdo->exec("DELETE FROM b"); }
`);
    expect(m.problems.length).toBeGreaterThan(0);
    expect(m.problems.every((p) => p.severity === 'syntax')).toBe(true);
    expect(m.problems[0].line).toBe(4);
    expect(shape(unit(m, 'before'))).toEqual(['update']);
    expect(shape(unit(m, 'after'))).toEqual(['delete']);
  });

  it('names the php-parser clone($this) bug instead of crashing', () => {
    const m = php(`
class A {
  public function copy() { $b = clone($this); return $b; }
  public function save($pdo) { $pdo->exec("UPDATE a SET x = 1"); }
}`);
    expect(m.problems).toHaveLength(1);
    expect(m.problems[0].message).toMatch(/clone/);
    expect(m.problems[0].line).toBe(4);
    expect(shape(unit(m, 'A.save'))).toEqual(['update']);
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['', '<?php', '<?php function', '<?php class {', '<?php $a = "', 'plain text', '<?php ?><?php }}}}', '\u0000\u0001']) {
      expect(() => parsePhp(text, 'x.php')).not.toThrow();
    }
  });

  it('reads generated code: huge array literals and long concatenation and condition chains', () => {
    const entries = Array.from({ length: 150_000 }, (_, i) => `${i} => 'v${i}'`).join(',');
    const concat = Array.from({ length: 5000 }, (_, i) => `'c${i}'`).join(' . ');
    const cond = Array.from({ length: 5000 }, (_, i) => `$v${i}`).join(' && ');
    const m = php(`$map = [${entries}];\n$s = ${concat};\nif (${cond}) { $db->query("UPDATE t SET a = 1 WHERE " . $s); }`);
    expect(m.problems).toEqual([]);
    expect(shape(unit(m, '<script>'))).toEqual(['update']);
  });

  it('accepts PHP 8 syntax: match, named arguments, nullsafe, enums, readonly, attributes, arrow functions', () => {
    const m = php(`
#[Route('/x')]
enum Status: string {
  case Open = 'open';
  public function label(): string { return match($this) { self::Open => 'Open' }; }
}
final readonly class Repo {
  public function __construct(private \\PDO $pdo) {}
  #[Pure]
  public function find(int $id): ?array {
    $row = $this->pdo?->query("SELECT * FROM orders WHERE id = " . $id)?->fetch();
    $f = fn(array $r): int => $r['qty'] ?? 0;
    return $row === false ? null : ['qty' => $f(row: $row)];
  }
}
$x = new Foo()->bar();
`);
    expect(m.problems).toEqual([]);
    expect(unit(m, 'Status.label').kind).toBe('method');
    const find = unit(m, 'Repo.find');
    expect(shape(find)).toEqual(['select']);
    expect(queries(find)[0].result.returned).toBe(true);
  });

  it('gives Loc offsets as UTF-16 indexes into the JS string', () => {
    const text = `<?php\n$msg = "héllo wörld 😀"; $db->query("UPDATE t SET a = 1");\n`;
    const q = queries(unit(parsePhp(text, 'x.php'), '<script>'))[0];
    expect(text.slice(q.loc.offset, q.loc.endOffset)).toBe('$db->query("UPDATE t SET a = 1")');
    expect(q.loc.line).toBe(2);
    expect(q.loc.column).toBe(text.indexOf('$db') - text.indexOf('\n') - 1);
    const piece = q.pieces[0];
    expect(piece.kind === 'text' && text.slice(piece.offset, piece.offset + piece.text.length)).toBe('UPDATE t SET a = 1');
    expect(q.sqlLoc && text.slice(q.sqlLoc.offset, q.sqlLoc.endOffset)).toBe('"UPDATE t SET a = 1"');
  });
});

describe('units', () => {
  it('has the top-level script, functions, methods with class names, and closures', () => {
    const m = php(`
if (!function_exists('helper')) {
  function helper($a, $b) {}
}
class Shop { public function buy($id) {} private static function log() {} }
trait T { public function t() {} }
interface I { public function abstractOne(); }
$handler = function ($req) {};
add_action('init', function () {});
`);
    const byName = Object.fromEntries(m.units.map((u) => [u.name, u]));
    expect(Object.keys(byName).sort()).toEqual(['<anonymous@10>', '<script>', 'Shop.buy', 'Shop.log', 'T.t', 'handler', 'helper'].sort());
    expect(byName['<script>'].kind).toBe('script');
    expect(byName.helper).toMatchObject({ kind: 'function', simpleName: 'helper', params: ['a', 'b'] });
    expect(byName['Shop.buy']).toMatchObject({ kind: 'method', className: 'Shop', simpleName: 'buy', params: ['id'] });
    expect(byName.handler).toMatchObject({ kind: 'closure', simpleName: 'handler', params: ['req'] });
    expect(byName['<anonymous@10>'].kind).toBe('closure');
  });

  it('keeps code inside if ($_POST) blocks and namespaces in the script unit', () => {
    const m = php(`
namespace Legacy;
if ($_POST) {
  mysqli_query($conn, "UPDATE visits SET n = n + 1");
}`);
    expect(shape(unit(m, '<script>'))).toEqual(['update']);
  });

  it('inlines transaction and array callbacks but not other closures', () => {
    const m = php(`
function f($db, $ids) {
  DB::transaction(function () use ($db) { $db->exec("UPDATE a SET x = 1"); });
  array_map(fn ($id) => $db->exec("DELETE FROM b WHERE id = $id"), $ids);
  Route::post('/x', function () use ($db) { $db->exec("UPDATE c SET y = 2"); });
}`);
    expect(m.units.map((u) => u.name).sort()).toEqual(['<anonymous@6>', '<script>', 'f']);
    expect(shape(unit(m, 'f'))).toEqual(['tx:begin', 'update', 'tx:commit', 'delete']);
    expect(shape(unit(m, '<anonymous@6>'))).toEqual(['update']);
  });
});
