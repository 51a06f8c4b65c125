import { describe, expect, it } from 'vitest';
import { calledNames, configuredCallNames, definedNames, hasSqlSignals, Prefilter } from '../src/prefilter.js';

describe('hasSqlSignals', () => {
  it.each([
    ['php', `$db->query("SELECT * FROM " . DB_PREFIX . "product");`],
    ['php', `$sql = "\\nSELECT qty\\nFROM stock";`],
    ['php', `mysqli_query($link, "INSERT INTO log VALUES (1)");`],
    ['php', `$this->db->query("UPDATE " . DB_PREFIX . "product SET quantity = 0");`],
    ['php', `$pdo->exec('DELETE FROM carts WHERE id = 1');`],
    ['php', `$wpdb->update($wpdb->posts, $data, $where);`],
    ['php', `$this->db->delete('sessions', array('id' => $id));`],
    ['php', `$pdo->beginTransaction();`],
    ['php', `mysqli_begin_transaction($link);`],
    ['php', `mysqli_commit($link);`],
    ['php', `$this->db->trans_start();`],
    ['php', `mysqli_autocommit($link, false);`],
    ['php', `DB::transaction(function () use ($id) { return 1; });`],
    ['php', `$conn->transactional(fn () => 1);`],
    ['php', `$db->query('REPLACE INTO cache (k, v) VALUES (?, ?)');`],
    ['php', `$db->query('  END  ');`],
    ['ts', "await client.query('BEGIN');"],
    ['ts', "await sql`select qty from products where id = ${id}`;"],
    ['ts', "const q = `WITH recent AS (SELECT 1) UPDATE t SET x = 1`;"],
    ['ts', 'await knex.transaction<void>(async (trx) => {});'],
    ['ts', 'await db.tx(async (t) => {});'],
    ['ts', 'const trx = await sequelize.transaction();'],
    ['ts', 'await queryRunner.startTransaction();'],
    ['ts', 'await conn.query("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE");'],
    ['ts', "await conn.query('LOCK TABLES stock WRITE');"],
    ['ts', "await conn.query('RELEASE SAVEPOINT a');"],
  ] as const)('%s: %s', (lang, text) => {
    expect(hasSqlSignals(text, lang)).toBe(true);
  });

  it.each([
    ['php', `<?php echo htmlspecialchars($title); $this->load->view('product/list', $data);`],
    ['php', `<?php $this->cart->remove($key); $total = end($items);`],
    ['ts', 'export const Button = () => <button onClick={() => setOpen(true)}>Open</button>;'],
    ['ts', "stream.on('end', () => resolve(chunks.join('')));"],
    ['ts', 'const offset = (page - 1) * size; map.set(key, value); this.forceUpdate();'],
    ['ts', '// Update the badge count when the cart changes.\nexport function badge(n: number) { return n; }'],
  ] as const)('%s: no signal in %s', (lang, text) => {
    expect(hasSqlSignals(text, lang)).toBe(false);
  });

  it('pairs UPDATE with a later SET and DELETE with a later FROM', () => {
    expect(hasSqlSignals('const a = "update"; const b = "set";', 'ts')).toBe(true);
    expect(hasSqlSignals('const b = "set"; const a = "update";', 'ts')).toBe(false);
    expect(hasSqlSignals('delete cache[key]; import x from "y";', 'ts')).toBe(true);
    expect(hasSqlSignals('import x from "y"; delete cache[key];', 'ts')).toBe(false);
  });

  it('also looks for the call names the project configures', () => {
    const prefilter = new Prefilter({ queryFunctions: ['$db->fetchRow'], transactionFunctions: { begin: [{ call: 'db_begin' }], commit: ['Db::done'] } });
    expect(prefilter.hasSqlSignals('<?php db_begin(); $x = 1;', 'php')).toBe(true);
    expect(prefilter.hasSqlSignals('<?php Db::done();', 'php')).toBe(true);
    expect(prefilter.hasSqlSignals('<?php $row = $this->db->fetchRow($sql);', 'php')).toBe(true);
    expect(prefilter.hasSqlSignals('<?php $row = $this->db->fetchRows($sql);', 'php')).toBe(false);
    expect(configuredCallNames({ queryFunctions: ['*.run', { call: 'db.exec' }] })).toEqual(['exec', 'run']);
  });
});

describe('definedNames', () => {
  it('finds PHP functions, methods and named closures, lower-cased', () => {
    const text = `<?php
      function &getRef() {}
      class A { public static function Find($id) {} private function update_stock(int $q): void {} }
      $onSave = function ($x) {};
      $this->handler = static fn () => 1;
      self::$hook = (function () {});
      $this->load->model('x'); helper_call($a);`;
    expect([...definedNames(text, 'php')].sort()).toEqual(['find', 'getref', 'handler', 'hook', 'onsave', 'update_stock']);
  });

  it('finds TS functions, methods, arrow bindings and assigned functions, but not calls', () => {
    const text = `
      export async function loadCart(id: number) { return repo.findById(id); }
      class Repo {
        async findById(id: number): Promise<Row> { return this.pool.query(sql); }
        private readonly pool: Pool;
        static create<T>(x: T) { return x; }
        #secret() {}
        handler = async (req) => {};
      }
      const save = (row) => db.insert(row);
      const total = items.reduce((a, b) => a + b, 0);
      exports.remove = function (id) {};
      module.exports = { 'quoted-name': () => 1, shorthand() {} };
      render(app);`;
    const names = definedNames(text, 'ts');
    for (const n of ['loadcart', 'findbyid', 'create', '#secret', 'handler', 'save', 'remove', 'quoted-name', 'shorthand']) {
      expect(names, n).toContain(n);
    }
    expect(names).not.toContain('render');
    expect(names).not.toContain('reduce');
    expect(names).not.toContain('total');
  });
});

describe('calledNames', () => {
  it('lists PHP calls, not definitions', () => {
    const text = '<?php function foo($a) { bar(1); $x->Baz(); Util::qux(); } function &ref() {} functionLike(2); new Thing();';
    expect([...calledNames(text, 'php')].sort()).toEqual(['bar', 'baz', 'functionlike', 'qux', 'thing']);
  });

  it('lists TS calls, with type arguments and tagged templates (method definitions count too)', () => {
    const text = 'const r = await repo.findById<Row>(id); sql`select 1`; this.#run(); class A { save() {} }';
    expect([...calledNames(text, 'ts')].sort()).toEqual(['#run', 'findbyid', 'save', 'sql']);
  });
});
