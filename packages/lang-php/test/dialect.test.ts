import { describe, expect, it } from 'vitest';
import { php } from './support.js';

describe('dialect', () => {
  it.each([
    [`$pdo = new PDO('pgsql:host=db;dbname=app');`, 'postgresql'],
    [`$pdo = new \\PDO("sqlite:" . __DIR__ . "/app.db");`, 'sqlite'],
    [`$pdo = new PDO('mysql:host=db', 'u', 'p');`, 'mysql'],
    [`$db = new mysqli('localhost', 'u', 'p', 'shop');`, 'mysql'],
    [`$r = mysql_query('SELECT 1');`, 'mysql'],
    [`global $wpdb;`, 'mysql'],
    [`$r = pg_query($conn, 'SELECT 1');`, 'postgresql'],
    [`function f(\\mysqli $db) {}`, 'mysql'],
    [`$db = new SQLite3('x.db');`, 'sqlite'],
    [`$dsn = sprintf('pgsql:host=%s', $h);\n$pdo = new PDO($dsn);`, 'postgresql'],
  ])('%s → %s', (code, dialect) => {
    expect(php(code).dialect).toBe(dialect);
  });

  it('lets the PDO DSN win over other hints, and options.dialect over everything', () => {
    expect(php(`mysqli_query($c, 'SELECT 1'); $p = new PDO('pgsql:host=x');`).dialect).toBe('postgresql');
    expect(php(`$p = new PDO('pgsql:host=x');`, { dialect: 'mysql' }).dialect).toBe('mysql');
  });

  it('leaves the dialect unset when nothing in sight names one', () => {
    expect(php(`$this->db->query("SELECT 1 FROM t");`).dialect).toBeUndefined();
  });
});
