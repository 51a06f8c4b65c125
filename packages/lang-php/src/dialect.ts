/**
 * The SQL dialect in sight: a PDO DSN (`new PDO('mysql:…')`) decides; else the procedural APIs
 * (`mysqli_*`, `mysql_*`, `$wpdb` → MySQL; `pg_*` → PostgreSQL; `new SQLite3` → SQLite).
 */
import type { Dialect } from '@tocscan/core';

const DSN: Record<string, Dialect> = { mysql: 'mysql', pgsql: 'postgresql', sqlite: 'sqlite', sqlite2: 'sqlite' };

export class DialectHints {
  private fromDsn?: Dialect;
  private fromApi?: Dialect;

  /** `new X(firstArg)` where `firstArg` is the literal first argument when there is one. */
  seeNew(className: string, firstArg: string | undefined): void {
    const cls = className.replace(/^.*\\/, '').toLowerCase();
    if (cls === 'pdo' && firstArg) {
      const scheme = /^\s*(\w+):/.exec(firstArg)?.[1]?.toLowerCase();
      if (scheme && DSN[scheme]) this.fromDsn ??= DSN[scheme];
    } else if (cls === 'mysqli') this.fromApi ??= 'mysql';
    else if (cls === 'sqlite3') this.fromApi ??= 'sqlite';
  }

  seeFunction(fn: string): void {
    if (fn.startsWith('mysqli_') || fn.startsWith('mysql_')) this.fromApi ??= 'mysql';
    else if (fn.startsWith('pg_')) this.fromApi ??= 'postgresql';
  }

  seeWpdb(): void {
    this.fromApi ??= 'mysql';
  }

  result(override?: Dialect): Dialect | undefined {
    return override ?? this.fromDsn ?? this.fromApi;
  }
}
