/**
 * Generated PHP applications in the styles legacy trees are written in: OpenCart-like models (SQL
 * concatenated with DB_PREFIX, a query every few lines) and controllers (no SQL, calls into models),
 * 2000s top-level scripts with mysqli and HTML, WordPress plugins with $wpdb, Laravel controllers with
 * the DB facade, utility libraries and templates. Some methods hold real races (a stock check before a
 * decrement), some are protected (conditional UPDATE with the affected-row count checked).
 */
import { Code } from './code.js';
import type { Random } from '../random.js';
import { AREAS, COMMENTS, ENTITIES, WORDS, camel, type Entity } from './vocab.js';

export type PhpKind = 'model' | 'legacy' | 'controller' | 'library' | 'template' | 'wordpress' | 'laravel';

/** Shares of files by kind: about a quarter of the files hold SQL, as in real PHP shops. */
export const PHP_KINDS: Readonly<Record<PhpKind, number>> = {
  model: 12,
  legacy: 7,
  controller: 30,
  library: 22,
  template: 19,
  wordpress: 5,
  laravel: 5,
};

export interface GeneratedFile {
  path: string;
  text: string;
}

const T = (e: Entity) => `" . DB_PREFIX . "${e.table}`;

function comment(c: Code, r: Random): void {
  if (r.chance(0.35)) c.line(`// ${r.pick(COMMENTS)}`);
}

function selectOne(e: Entity, r: Random): string {
  const cols = r.sample([e.counter, e.status, ...e.columns], r.int(2, 5)).join(', ');
  const join = r.chance(0.5)
    ? ` e LEFT JOIN ${T(e)}_description ed ON (e.${e.id} = ed.${e.id}) WHERE e.${e.id} = '" . (int)$${e.id} . "' AND ed.language_id = '" . (int)$this->config->get('config_language_id') . "'`
    : ` WHERE ${e.id} = '" . (int)$${e.id} . "'`;
  return `"SELECT ${r.chance(0.3) ? 'DISTINCT *' : `${e.id}, ${cols}`} FROM ${T(e)}${join}"`;
}

function modelGet(c: Code, e: Entity, r: Random): void {
  c.block(`public function get${e.Name}($${e.id}) {`, () => {
    c.line(`$query = $this->db->query(${selectOne(e, r)});`);
    c.line('');
    c.line('return $query->row;');
  });
}

function modelList(c: Code, e: Entity, r: Random): void {
  c.block(`public function get${e.Plural}($data = array()) {`, () => {
    c.line(`$sql = "SELECT * FROM ${T(e)} e WHERE e.${e.status} = '${e.statuses[0]}'";`);
    c.line('');
    for (const col of r.sample(e.columns, r.int(1, 3))) {
      c.block(`if (!empty($data['filter_${col}'])) {`, () => {
        c.line(`$sql .= " AND e.${col} LIKE '" . $this->db->escape((string)$data['filter_${col}']) . "%'";`);
      });
      c.line('');
    }
    c.line(`$sort_data = array(${e.columns.slice(0, 3).map((x) => `'e.${x}'`).join(', ')});`);
    c.line('');
    c.chain(
      [`if (isset($data['sort']) && in_array($data['sort'], $sort_data)) {`, () => c.line(`$sql .= " ORDER BY " . $data['sort'];`)],
      ['} else {', () => c.line(`$sql .= " ORDER BY e.${e.columns[0]}";`)],
    );
    c.line('');
    c.block(`if (isset($data['start']) || isset($data['limit'])) {`, () => {
      c.block(`if ($data['start'] < 0) {`, () => c.line(`$data['start'] = 0;`));
      c.line('');
      c.line(`$sql .= " LIMIT " . (int)$data['start'] . "," . (int)$data['limit'];`);
    });
    c.line('');
    c.line('$query = $this->db->query($sql);');
    c.line('');
    c.line('return $query->rows;');
  });
}

function modelTotal(c: Code, e: Entity): void {
  c.block(`public function getTotal${e.Plural}() {`, () => {
    c.line(`$query = $this->db->query("SELECT COUNT(*) AS total FROM ${T(e)}");`);
    c.line('');
    c.line(`return $query->row['total'];`);
  });
}

function setList(e: Entity, r: Random): string {
  return r
    .sample(e.columns, r.int(2, 4))
    .map((col) => `${col} = '" . $this->db->escape($data['${col}']) . "'`)
    .join(', ');
}

function modelAdd(c: Code, e: Entity, r: Random): void {
  c.block(`public function add${e.Name}($data) {`, () => {
    c.line(`$this->db->query("INSERT INTO ${T(e)} SET ${setList(e, r)}, ${e.status} = '" . (int)$data['${e.status}'] . "', date_modified = NOW()");`);
    c.line('');
    c.line(`$${e.id} = $this->db->getLastId();`);
    c.line('');
    c.block(`foreach ($data['${e.table}_description'] as $language_id => $value) {`, () => {
      c.line(`$this->db->query("INSERT INTO ${T(e)}_description SET ${e.id} = '" . (int)$${e.id} . "', language_id = '" . (int)$language_id . "', name = '" . $this->db->escape($value['name']) . "'");`);
    });
    c.line('');
    c.line(`$this->cache->delete('${e.table}');`);
    c.line('');
    c.line(`return $${e.id};`);
  });
}

function modelEdit(c: Code, e: Entity, r: Random): void {
  c.block(`public function edit${e.Name}($${e.id}, $data) {`, () => {
    c.line(`$this->db->query("UPDATE ${T(e)} SET ${setList(e, r)}, date_modified = NOW() WHERE ${e.id} = '" . (int)$${e.id} . "'");`);
    c.line('');
    c.line(`$this->db->query("DELETE FROM ${T(e)}_description WHERE ${e.id} = '" . (int)$${e.id} . "'");`);
    c.line('');
    c.block(`foreach ($data['${e.table}_description'] as $language_id => $value) {`, () => {
      c.line(`$this->db->query("INSERT INTO ${T(e)}_description SET ${e.id} = '" . (int)$${e.id} . "', language_id = '" . (int)$language_id . "', name = '" . $this->db->escape($value['name']) . "'");`);
    });
  });
}

function modelDelete(c: Code, e: Entity, r: Random): void {
  c.block(`public function delete${e.Name}($${e.id}) {`, () => {
    for (const suffix of ['', '_description', ...r.sample(['_to_store', '_to_layout', '_history'], r.int(0, 2))]) {
      c.line(`$this->db->query("DELETE FROM ${T(e)}${suffix} WHERE ${e.id} = '" . (int)$${e.id} . "'");`);
    }
    c.line('');
    c.line(`$this->cache->delete('${e.table}');`);
  });
}

/** A race: the counter is read, checked in PHP, then written back without a lock. */
function modelRacy(c: Code, e: Entity, r: Random): void {
  const verb = r.pick(['redeem', 'reserve', 'consume', 'claim']);
  c.block(`public function ${verb}${e.Name}($${e.id}, $amount) {`, () => {
    if (r.chance(0.5)) {
      c.line(`$info = $this->get${e.Name}($${e.id});`);
    } else {
      c.line(`$query = $this->db->query("SELECT ${e.counter}, ${e.status} FROM ${T(e)} WHERE ${e.id} = '" . (int)$${e.id} . "'");`);
      c.line('$info = $query->row;');
    }
    c.line('');
    c.block(`if (!$info || $info['${e.counter}'] < $amount) {`, () => c.line('return false;'));
    c.line('');
    c.line(`$this->db->query("UPDATE ${T(e)} SET ${e.counter} = ${e.counter} - " . (int)$amount . " WHERE ${e.id} = '" . (int)$${e.id} . "'");`);
    c.line('');
    c.line('return true;');
  });
}

/** The safe version: the UPDATE re-checks the counter and the affected rows decide. */
function modelConditional(c: Code, e: Entity): void {
  c.block(`public function take${e.Name}($${e.id}, $amount) {`, () => {
    c.line(`$this->db->query("UPDATE ${T(e)} SET ${e.counter} = ${e.counter} - " . (int)$amount . " WHERE ${e.id} = '" . (int)$${e.id} . "' AND ${e.counter} >= " . (int)$amount);`);
    c.line('');
    c.line('return $this->db->countAffected() > 0;');
  });
}

function modelReport(c: Code, e: Entity, r: Random): void {
  c.block(`public function get${e.Name}Report($date_start, $date_end) {`, () => {
    c.line('$prefix = DB_PREFIX;');
    c.line(`$status = (int)$this->config->get('config_${e.table}_status_id');`);
    c.line('$sql = <<<SQL');
    c.raw(
      [
        `SELECT DATE(e.${e.columns[e.columns.length - 1]}) AS day, COUNT(*) AS count, SUM(e.${e.counter}) AS total`,
        `FROM {$prefix}${e.table} e`,
        `WHERE e.${e.status} = '{$status}'`,
        `  AND DATE(e.${e.columns[e.columns.length - 1]}) BETWEEN '{$date_start}' AND '{$date_end}'`,
        `GROUP BY DATE(e.${e.columns[e.columns.length - 1]})`,
        `ORDER BY day ${r.pick(['ASC', 'DESC'])}`,
        'SQL;',
      ].join('\n'),
    );
    c.line('');
    c.line('return $this->db->query($sql)->rows;');
  });
}

function helperMethod(c: Code, r: Random): void {
  const word = r.pick(WORDS);
  c.block(`protected function format${word[0].toUpperCase()}${word.slice(1)}($${word}) {`, () => {
    c.line('$result = array();');
    c.line('');
    c.block(`foreach ((array)$${word} as $key => $value) {`, () => {
      c.chain(
        ['if (is_array($value)) {', () => c.line(`$result[$key] = implode(', ', array_map('trim', $value));`)],
        ['} else {', () => c.line(`$result[$key] = html_entity_decode((string)$value, ENT_QUOTES, 'UTF-8');`)],
      );
    });
    c.line('');
    c.line('return $result;');
  });
}

function model(r: Random, e: Entity, area: string): GeneratedFile {
  const c = new Code('\t');
  c.line('<?php');
  c.block(`class Model${area[0].toUpperCase()}${area.slice(1)}${e.Name} extends Model {`, () => {
    const parts: ((c: Code) => void)[] = [
      (c) => modelGet(c, e, r),
      (c) => modelList(c, e, r),
      (c) => modelTotal(c, e),
      (c) => modelAdd(c, e, r),
      (c) => modelEdit(c, e, r),
      (c) => modelDelete(c, e, r),
    ];
    if (r.chance(0.45)) parts.push((c) => modelRacy(c, e, r));
    if (r.chance(0.3)) parts.push((c) => modelConditional(c, e));
    if (r.chance(0.35)) parts.push((c) => modelReport(c, e, r));
    for (let i = r.int(0, 3); i > 0; i--) parts.push((c) => helperMethod(c, r));
    parts.forEach((p, i) => {
      if (i > 0) c.line('');
      comment(c, r);
      p(c);
    });
  });
  return { path: `${area}/model/${e.table}.php`, text: c.toString() };
}

function controller(r: Random, e: Entity, area: string): GeneratedFile {
  const c = new Code('\t');
  const route = `${area}/${e.table}`;
  const m = `$this->model_${area}_${e.table}`;
  c.line('<?php');
  c.block(`class Controller${area[0].toUpperCase()}${area.slice(1)}${e.Name} extends Controller {`, () => {
    c.line('private $error = array();');
    c.line('');
    c.block('public function index() {', () => {
      c.line(`$this->load->language('${route}');`);
      c.line('');
      c.line(`$this->document->setTitle($this->language->get('heading_title'));`);
      c.line('');
      c.line(`$this->load->model('${route}');`);
      c.line('');
      c.line('$this->getList();');
    });
    c.line('');
    c.block('public function save() {', () => {
      c.line(`$this->load->language('${route}');`);
      c.line(`$this->load->model('${route}');`);
      c.line('');
      c.block(`if (($this->request->server['REQUEST_METHOD'] == 'POST') && $this->validateForm()) {`, () => {
        c.chain(
          [`if (isset($this->request->get['${e.id}'])) {`, () => c.line(`${m}->edit${e.Name}($this->request->get['${e.id}'], $this->request->post);`)],
          ['} else {', () => c.line(`${m}->add${e.Name}($this->request->post);`)],
        );
        c.line('');
        c.line(`$this->session->data['success'] = $this->language->get('text_success');`);
        c.line('');
        c.line(`$this->response->redirect($this->url->link('${route}', 'user_token=' . $this->session->data['user_token'] . $this->urlFilters(), true));`);
      });
      c.line('');
      c.line('$this->getForm();');
    });
    c.line('');
    c.block('protected function getList() {', () => {
      c.line('$page = isset($this->request->get[\'page\']) ? (int)$this->request->get[\'page\'] : 1;');
      c.line('');
      c.line('$data[\'breadcrumbs\'] = array();');
      for (const key of ['text_home', 'heading_title']) {
        c.block(`$data['breadcrumbs'][] = array(`, () => {
          c.line(`'text' => $this->language->get('${key}'),`);
          c.line(`'href' => $this->url->link('${key === 'text_home' ? 'common/dashboard' : route}', 'user_token=' . $this->session->data['user_token'], true)`);
        }, ');');
      }
      c.line('');
      c.line(`$filter_data = array('sort' => 'e.${e.columns[0]}', 'start' => ($page - 1) * $this->config->get('config_pagination'), 'limit' => $this->config->get('config_pagination'));`);
      c.line('');
      c.line(`$total = ${m}->getTotal${e.Plural}();`);
      c.line(`$results = ${m}->get${e.Plural}($filter_data);`);
      c.line('');
      c.block('foreach ($results as $result) {', () => {
        c.block(`$data['${e.table}s'][] = array(`, () => {
          c.line(`'${e.id}' => $result['${e.id}'],`);
          for (const col of e.columns.slice(0, r.int(2, e.columns.length))) c.line(`'${col}' => $result['${col}'],`);
          c.line(`'edit' => $this->url->link('${route}/form', 'user_token=' . $this->session->data['user_token'] . '&${e.id}=' . $result['${e.id}'], true)`);
        }, ');');
      });
      c.line('');
      for (const key of r.sample(['heading_title', 'text_list', 'text_no_results', 'text_confirm', 'column_name', 'column_action', 'button_add', 'button_edit', 'button_remove'], r.int(4, 9))) {
        c.line(`$data['${key}'] = $this->language->get('${key}');`);
      }
      c.line('');
      c.line('$pagination = new Pagination();');
      c.line('$pagination->total = $total;');
      c.line('$pagination->page = $page;');
      c.line(`$pagination->limit = $this->config->get('config_pagination');`);
      c.line(`$data['pagination'] = $pagination->render();`);
      c.line('');
      c.line(`$data['header'] = $this->load->controller('common/header');`);
      c.line(`$data['footer'] = $this->load->controller('common/footer');`);
      c.line('');
      c.line(`$this->response->setOutput($this->load->view('${route}_list', $data));`);
    });
    c.line('');
    c.block('protected function getForm() {', () => {
      c.block(`if (isset($this->request->get['${e.id}'])) {`, () => c.line(`$info = ${m}->get${e.Name}($this->request->get['${e.id}']);`));
      c.line('');
      for (const col of e.columns) {
        c.chain(
          [`if (isset($this->request->post['${col}'])) {`, () => c.line(`$data['${col}'] = $this->request->post['${col}'];`)],
          [`} elseif (!empty($info)) {`, () => c.line(`$data['${col}'] = $info['${col}'];`)],
          ['} else {', () => c.line(`$data['${col}'] = '';`)],
        );
        c.line('');
      }
      c.line(`$this->response->setOutput($this->load->view('${route}_form', $data));`);
    });
    c.line('');
    c.block('protected function validateForm() {', () => {
      c.block(`if (!$this->user->hasPermission('modify', '${route}')) {`, () => c.line(`$this->error['warning'] = $this->language->get('error_permission');`));
      c.line('');
      for (const col of r.sample(e.columns, 2)) {
        c.block(`if ((utf8_strlen($this->request->post['${col}']) < 1) || (utf8_strlen($this->request->post['${col}']) > 64)) {`, () =>
          c.line(`$this->error['${col}'] = $this->language->get('error_${col}');`),
        );
        c.line('');
      }
      c.line('return !$this->error;');
    });
    c.line('');
    c.block('private function urlFilters() {', () => {
      c.line(`$url = '';`);
      for (const f of ['sort', 'order', 'page']) {
        c.block(`if (isset($this->request->get['${f}'])) {`, () => c.line(`$url .= '&${f}=' . $this->request->get['${f}'];`));
      }
      c.line('return $url;');
    });
  });
  return { path: `${area}/controller/${e.table}.php`, text: c.toString() };
}

function legacy(r: Random, e: Entity, name: string): GeneratedFile {
  const c = new Code('    ');
  c.line('<?php');
  c.line(`// ${e.Name} administration (2008). ${r.pick(COMMENTS)}`);
  c.line(`include 'config.inc.php';`);
  c.line(`require_once 'lib/functions.php';`);
  c.line('');
  c.line('session_start();');
  c.line(`$link = mysqli_connect($db_host, $db_user, $db_pass, $db_name) or die('Could not connect: ' . mysqli_connect_error());`);
  c.line('');
  c.block(`if (empty($_SESSION['admin_id'])) {`, () => {
    c.line(`header('Location: login.php');`);
    c.line('exit;');
  });
  c.line('');
  c.line(`$action = isset($_GET['action']) ? $_GET['action'] : 'list';`);
  c.line(`$id = isset($_REQUEST['id']) ? intval($_REQUEST['id']) : 0;`);
  c.line(`$message = '';`);
  c.line('');
  c.block('switch ($action) {', () => {
    c.open(`case 'save':`);
    const cols = r.sample(e.columns, r.int(2, 4));
    for (const col of cols) c.line(`$${col} = mysqli_real_escape_string($link, $_POST['${col}']);`);
    c.chain(
      ['if ($id > 0) {', () => c.line(`mysqli_query($link, "UPDATE ${e.table}s SET ${cols.map((col) => `${col} = '$${col}'`).join(', ')} WHERE id = $id") or die(mysqli_error($link));`)],
      [
        '} else {',
        () => {
          c.line(`mysqli_query($link, "INSERT INTO ${e.table}s (${cols.join(', ')}) VALUES ('${cols.map((col) => `$${col}`).join("', '")}')") or die(mysqli_error($link));`);
          c.line('$id = mysqli_insert_id($link);');
        },
      ],
    );
    c.line(`$message = 'Saved.';`);
    c.line('break;');
    c.close('');
    c.open(`case 'delete':`);
    c.line(`mysqli_query($link, "DELETE FROM ${e.table}s WHERE id = $id");`);
    c.line(`$message = 'Deleted.';`);
    c.line('break;');
    c.close('');
    if (r.chance(0.5)) {
      c.open(`case 'use':`);
      c.line(`$res = mysqli_query($link, "SELECT ${e.counter} FROM ${e.table}s WHERE id = $id");`);
      c.line('$row = mysqli_fetch_assoc($res);');
      c.block(`if ($row['${e.counter}'] > 0) {`, () => {
        c.line(`mysqli_query($link, "UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - 1 WHERE id = $id");`);
        c.line(`$message = 'Done.';`);
      });
      c.line('break;');
      c.close('');
    }
  });
  c.line('');
  c.line(`$where = "WHERE ${e.status} <> ''";`);
  c.block(`if (!empty($_GET['q'])) {`, () => c.line(`$where .= " AND ${e.columns[0]} LIKE '%" . mysqli_real_escape_string($link, $_GET['q']) . "%'";`));
  c.line(`$result = mysqli_query($link, "SELECT id, ${e.columns.slice(0, 3).join(', ')} FROM ${e.table}s $where ORDER BY id DESC LIMIT 50");`);
  c.line(`$count = mysqli_fetch_row(mysqli_query($link, "SELECT COUNT(*) FROM ${e.table}s"));`);
  c.line('?>');
  c.raw(`<html>\n<head><title>${e.Plural}</title><link rel="stylesheet" href="admin.css"></head>\n<body>`);
  c.raw(`<h1>${e.Plural} (<?php echo $count[0]; ?>)</h1>`);
  c.raw(`<?php if ($message) { ?><p class="notice"><?php echo htmlspecialchars($message); ?></p><?php } ?>`);
  c.raw('<table class="list">');
  c.raw(`<tr>${e.columns.slice(0, 3).map((col) => `<th>${col}</th>`).join('')}<th></th></tr>`);
  c.raw('<?php while ($row = mysqli_fetch_assoc($result)) { ?>');
  c.raw(`  <tr>${e.columns.slice(0, 3).map((col) => `<td><?php echo htmlspecialchars($row['${col}']); ?></td>`).join('')}`);
  c.raw(`    <td><a href="?action=edit&amp;id=<?php echo $row['id']; ?>">edit</a> | <a href="?action=delete&amp;id=<?php echo $row['id']; ?>" onclick="return confirm('Sure?')">remove</a></td></tr>`);
  c.raw('<?php } ?>');
  c.raw('</table>');
  c.raw('<form method="post" action="?action=save">');
  for (const col of e.columns.slice(0, 4)) c.raw(`  <label>${col} <input type="text" name="${col}"></label><br>`);
  c.raw('  <button type="submit">Save</button>\n</form>\n</body>\n</html>');
  return { path: `admin/${name}.php`, text: c.toString() };
}

function library(r: Random, name: string): GeneratedFile {
  const c = new Code('    ');
  const Name = name[0].toUpperCase() + camel(name.slice(1));
  c.line('<?php');
  c.line(`namespace App\\Support;`);
  c.line('');
  c.line('/**');
  c.line(` * ${Name} helpers. ${r.pick(COMMENTS)}`);
  c.line(' */');
  c.allman(`final class ${Name}`, () => {
    for (let i = r.int(3, 9); i > 0; i--) {
      const word = r.pick(WORDS);
      const kind = r.int(0, 3);
      c.line('');
      c.line(`/** ${r.pick(COMMENTS)} */`);
      if (kind === 0) {
        c.allman(`public static function slug${i}${word}(string $${word}): string`, () => {
          c.line(`$text = preg_replace('~[^\\pL\\d]+~u', '-', $${word});`);
          c.line(`$text = iconv('utf-8', 'us-ascii//TRANSLIT', $text);`);
          c.line(`$text = strtolower(trim(preg_replace('~[^-\\w]+~', '', $text), '-'));`);
          c.line(`return $text === '' ? 'n-a' : $text;`);
        });
      } else if (kind === 1) {
        c.allman(`public static function money${i}(float $amount, string $currency = 'EUR'): string`, () => {
          c.line(`$symbols = ['EUR' => '€', 'USD' => '$', 'GBP' => '£'];`);
          c.line(`$symbol = $symbols[$currency] ?? $currency . ' ';`);
          c.line(`return $symbol . number_format($amount, 2, '.', ',');`);
        });
      } else if (kind === 2) {
        c.allman(`public static function pick${i}(array $${word}, array $keys): array`, () => {
          c.line('$out = [];');
          c.block('foreach ($keys as $key) {', () => {
            c.block(`if (array_key_exists($key, $${word})) {`, () => c.line(`$out[$key] = $${word}[$key];`));
          });
          c.line('return $out;');
        });
      } else {
        c.allman(`public static function isValid${i}(?string $value): bool`, () => {
          c.block('if ($value === null || $value === \'\') {', () => c.line('return false;'));
          c.line(`return (bool) preg_match('/^[A-Z0-9]{${r.int(4, 8)},${r.int(9, 16)}}$/i', $value);`);
        });
      }
    }
  });
  return { path: `system/library/${name}.php`, text: c.toString() };
}

function template(r: Random, e: Entity, area: string): GeneratedFile {
  const c = new Code('  ');
  c.raw(`<?php echo $header; ?>\n<div id="content" class="${area}-${e.table}">`);
  c.raw(`  <h1><?php echo $heading_title; ?></h1>\n  <?php if ($success) { ?>\n  <div class="alert alert-success"><?php echo $success; ?></div>\n  <?php } ?>`);
  for (let i = r.int(1, 4); i > 0; i--) {
    c.raw(`  <div class="panel">\n    <table class="table">\n      <thead><tr>${e.columns.map((col) => `<th><?php echo $column_${col}; ?></th>`).join('')}</tr></thead>\n      <tbody>`);
    c.raw(`        <?php if ($${e.table}s) { ?>\n        <?php foreach ($${e.table}s as $item) { ?>\n        <tr>`);
    for (const col of e.columns) c.raw(`          <td class="text-left"><?php echo $item['${col}']; ?></td>`);
    c.raw(`        </tr>\n        <?php } ?>\n        <?php } else { ?>\n        <tr><td colspan="${e.columns.length}"><?php echo $text_no_results; ?></td></tr>\n        <?php } ?>`);
    c.raw('      </tbody>\n    </table>\n  </div>');
  }
  c.raw('  <div class="pull-right"><?php echo $pagination; ?></div>\n</div>\n<?php echo $footer; ?>');
  return { path: `${area}/view/template/${e.table}_list.tpl.php`, text: c.toString() };
}

function wordpress(r: Random, e: Entity, name: string): GeneratedFile {
  const c = new Code('    ');
  const fn = `${name.replace(/-/g, '_')}`;
  const table = `{$wpdb->prefix}${e.table}s`;
  c.line('<?php');
  c.line('/**');
  c.line(` * Plugin Name: ${e.Plural} for WooCommerce`);
  c.line(` * Description: ${r.pick(COMMENTS)}`);
  c.line(' */');
  c.line('');
  c.line(`defined('ABSPATH') || exit;`);
  c.line('');
  c.block(`function ${fn}_get($id) {`, () => {
    c.line('global $wpdb;');
    c.line(`return $wpdb->get_row($wpdb->prepare("SELECT * FROM ${table} WHERE id = %d", $id), ARRAY_A);`);
  });
  c.line('');
  c.block(`function ${fn}_handle_request() {`, () => {
    c.line('global $wpdb;');
    c.line(`$id = absint($_POST['${e.id}'] ?? 0);`);
    c.line(`check_admin_referer('${fn}_nonce');`);
    if (r.chance(0.5)) {
      c.line(`$row = $wpdb->get_row($wpdb->prepare("SELECT ${e.counter} FROM ${table} WHERE id = %d", $id));`);
      c.block(`if (!$row || $row->${e.counter} < 1) {`, () => c.line(`wp_send_json_error(array('message' => __('Not available', '${name}')));`));
      c.line(`$wpdb->query($wpdb->prepare("UPDATE ${table} SET ${e.counter} = ${e.counter} - 1 WHERE id = %d", $id));`);
    } else {
      c.line(`$changed = $wpdb->query($wpdb->prepare("UPDATE ${table} SET ${e.counter} = ${e.counter} - 1 WHERE id = %d AND ${e.counter} > 0", $id));`);
      c.block('if (!$changed) {', () => c.line(`wp_send_json_error(array('message' => __('Not available', '${name}')));`));
    }
    c.line(`$wpdb->insert($wpdb->prefix . '${e.table}_log', array('${e.id}' => $id, 'user_id' => get_current_user_id(), 'created_at' => current_time('mysql')));`);
    c.line(`wp_send_json_success(array('id' => $id));`);
  });
  c.line('');
  c.block(`function ${fn}_admin_page() {`, () => {
    c.line('global $wpdb;');
    c.line(`$rows = $wpdb->get_results("SELECT id, ${e.columns.slice(0, 2).join(', ')} FROM ${table} ORDER BY id DESC LIMIT 100");`);
    c.line(`echo '<div class="wrap"><h1>' . esc_html__('${e.Plural}', '${name}') . '</h1><ul>';`);
    c.block('foreach ($rows as $row) {', () => c.line(`echo '<li>' . esc_html($row->${e.columns[0]}) . '</li>';`));
    c.line(`echo '</ul></div>';`);
  });
  c.line('');
  c.line(`add_action('wp_ajax_${fn}', '${fn}_handle_request');`);
  c.line(`add_action('admin_menu', function () { add_menu_page('${e.Plural}', '${e.Plural}', 'manage_options', '${name}', '${fn}_admin_page'); });`);
  return { path: `wp-content/plugins/${name}/${name}.php`, text: c.toString() };
}

function laravel(r: Random, e: Entity): GeneratedFile {
  const c = new Code('    ');
  c.line('<?php');
  c.line('');
  c.line('namespace App\\Http\\Controllers;');
  c.line('');
  c.line('use Illuminate\\Http\\Request;');
  c.line('use Illuminate\\Support\\Facades\\DB;');
  c.line('');
  c.allman(`class ${e.Name}Controller extends Controller`, () => {
    c.allman('public function show(int $id)', () => {
      c.line(`$row = DB::selectOne('SELECT * FROM ${e.table}s WHERE id = ?', [$id]);`);
      c.line(`abort_if(!$row, 404);`);
      c.line(`return view('${e.table}s.show', ['${camel(e.table)}' => $row]);`);
    });
    c.line('');
    c.allman('public function use(Request $request, int $id)', () => {
      c.line(`$amount = (int) $request->input('amount', 1);`);
      if (r.chance(0.5)) {
        c.block('return DB::transaction(function () use ($id, $amount) {', () => {
          c.line(`$row = DB::selectOne('SELECT ${e.counter} FROM ${e.table}s WHERE id = ? FOR UPDATE', [$id]);`);
          c.line(`abort_if(!$row || $row->${e.counter} < $amount, 409);`);
          c.line(`DB::update('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - ? WHERE id = ?', [$amount, $id]);`);
          c.line(`return response()->json(['ok' => true]);`);
        }, '});');
      } else {
        c.line(`$row = DB::selectOne('SELECT ${e.counter} FROM ${e.table}s WHERE id = ?', [$id]);`);
        c.block(`if ($row->${e.counter} < $amount) {`, () => c.line(`return response()->json(['error' => 'not enough'], 409);`));
        c.line(`DB::update('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - ? WHERE id = ?', [$amount, $id]);`);
        c.line(`return response()->json(['ok' => true]);`);
      }
    });
    c.line('');
    c.allman('public function index(Request $request)', () => {
      c.line(`$rows = DB::select('SELECT id, ${e.columns.slice(0, 3).join(', ')} FROM ${e.table}s WHERE ${e.status} = ? ORDER BY id DESC LIMIT 50', ['${e.statuses[0]}']);`);
      c.line(`return view('${e.table}s.index', ['rows' => $rows, 'filter' => $request->query('q')]);`);
    });
  });
  return { path: `laravel/app/Http/Controllers/${e.Name}Controller.php`, text: c.toString() };
}

/** The `index`-th PHP file of the corpus (its kind, entity and names follow from `r`). */
export function phpFile(r: Random, index: number): GeneratedFile {
  const kind = r.weighted(PHP_KINDS);
  const e = r.pick(ENTITIES);
  const area = r.pick(AREAS);
  const n = String(index).padStart(5, '0');
  const file = (() => {
    switch (kind) {
      case 'model':
        return model(r, e, area);
      case 'controller':
        return controller(r, e, area);
      case 'legacy':
        return legacy(r, e, `${e.table}_${n}`);
      case 'library':
        return library(r, `${r.pick(WORDS)}_${n}`);
      case 'template':
        return template(r, e, area);
      case 'wordpress':
        return wordpress(r, e, `${e.table.replace(/_/g, '-')}-${n}`);
      case 'laravel':
        return laravel(r, e);
    }
  })();
  // Every file gets a path of its own: same-named classes in separate modules, as in real trees.
  return { path: `php/m${n.slice(0, 3)}/${file.path.replace(/(\.tpl)?\.php$/, `_${n}$1.php`)}`, text: file.text };
}
