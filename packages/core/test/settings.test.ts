import { describe, expect, it } from 'vitest';
import { CALL_PATTERN_REGEX, CompiledSettings, parseCallPattern, phpReceiverNames } from '@tocscan/core';

describe('call patterns', () => {
  it('parses PHP functions, methods and static methods, case-folded, namespaces dropped', () => {
    expect(parseCallPattern('sqlQuery', 'php')).toEqual({ kind: 'function', name: 'sqlquery', receiver: [] });
    expect(parseCallPattern('\\App\\db_query', 'php')).toEqual({ kind: 'function', name: 'db_query', receiver: [] });
    expect(parseCallPattern('$db->fetchRow', 'php')).toEqual({ kind: 'method', name: 'fetchrow', receiver: ['db'] });
    expect(parseCallPattern('$this->db->fetchRow', 'php')).toEqual({ kind: 'method', name: 'fetchrow', receiver: ['this', 'db'] });
    expect(parseCallPattern('*->fetchRow', 'php')).toEqual({ kind: 'method', name: 'fetchrow', receiver: ['*'] });
    expect(parseCallPattern('\\Legacy\\Db::q', 'php')).toEqual({ kind: 'static', name: 'q', receiver: ['db'] });
    expect(parseCallPattern('db.fetchRow', 'php')).toBeUndefined();
  });

  it('parses TS functions and methods, case kept; PHP forms are not TS', () => {
    expect(parseCallPattern('sqlQuery', 'ts')).toEqual({ kind: 'function', name: 'sqlQuery', receiver: [] });
    expect(parseCallPattern('this.db.fetchRow', 'ts')).toEqual({ kind: 'method', name: 'fetchRow', receiver: ['this', 'db'] });
    expect(parseCallPattern('$db.run', 'ts')).toEqual({ kind: 'method', name: 'run', receiver: ['$db'] });
    expect(parseCallPattern('Db::q', 'ts')).toBeUndefined();
    expect(parseCallPattern('*', 'ts')).toBeUndefined();
  });

  it('has one JSON Schema pattern accepting both forms and nothing else', () => {
    const re = new RegExp(CALL_PATTERN_REGEX, 'u');
    for (const ok of ['sqlQuery', '$db->fetchRow', 'Db::q', '\\Ns\\Db::q', 'self::$db->q', 'db.fetchRow', '*.run', '*->run']) expect(re.test(ok), ok).toBe(true);
    for (const bad of ['', 'db fetch', 'db.->x', 'db->', 'fetch()', 'a..b']) expect(re.test(bad), bad).toBe(false);
  });

  it('reads a PHP receiver as its names', () => {
    expect(phpReceiverNames('$this->db')).toEqual(['this', 'db']);
    expect(phpReceiverNames('self::$db')).toEqual(['self', 'db']);
    expect(phpReceiverNames('\\App\\Db')).toEqual(['Db']);
    expect(phpReceiverNames('$this->getDb()')).toBeUndefined();
  });
});

describe('CompiledSettings', () => {
  const php = new CompiledSettings(
    {
      queryFunctions: ['$db->fetchRow', { call: 'Db::q', returns: 'rows' }, { call: 'sqlQuery', sqlArgument: 1 }],
      transactionFunctions: { begin: [{ call: 'db_begin', isolation: 'serializable' }], commit: ['db_commit'], callback: [{ call: '*->atomic', callbackArgument: 1 }] },
      tablePrefixes: ['DB_PREFIX', '$this->prefix'],
    },
    'php',
  );

  it('matches receivers by their trailing names', () => {
    expect(php.match({ kind: 'method', name: 'FetchRow', receiver: ['this', 'db'] })).toEqual({ kind: 'query', sqlArgument: 0 });
    expect(php.match({ kind: 'method', name: 'fetchRow', receiver: ['db'] })).toEqual({ kind: 'query', sqlArgument: 0 });
    expect(php.match({ kind: 'method', name: 'fetchRow', receiver: ['this'] })).toBeUndefined();
    expect(php.match({ kind: 'method', name: 'fetchRow', receiver: undefined })).toBeUndefined();
    expect(php.match({ kind: 'static', name: 'q', receiver: ['DB'] })).toEqual({ kind: 'query', sqlArgument: 0, returns: 'rows' });
    expect(php.match({ kind: 'method', name: 'q', receiver: ['db'] })).toBeUndefined();
    expect(php.match({ kind: 'function', name: 'sqlquery' })).toEqual({ kind: 'query', sqlArgument: 1 });
  });

  it('knows transaction functions and callbacks', () => {
    expect(php.match({ kind: 'function', name: 'db_begin' })).toEqual({ kind: 'tx', action: 'begin', isolation: 'serializable' });
    expect(php.match({ kind: 'function', name: 'db_commit' })).toEqual({ kind: 'tx', action: 'commit' });
    expect(php.match({ kind: 'method', name: 'atomic', receiver: ['anything'] })).toEqual({ kind: 'callback', callbackArgument: 1 });
  });

  it('recognises table prefixes whatever the spacing or interpolation braces', () => {
    expect(php.isTablePrefix('DB_PREFIX')).toBe(true);
    expect(php.isTablePrefix('\\DB_PREFIX')).toBe(true);
    expect(php.isTablePrefix('{$this->prefix}')).toBe(true);
    expect(php.isTablePrefix('$this -> prefix')).toBe(true);
    expect(php.isTablePrefix('TABLE_PREFIX')).toBe(false);
    expect(new CompiledSettings({}, 'php').empty).toBe(true);
    expect(php.empty).toBe(false);
  });
});
