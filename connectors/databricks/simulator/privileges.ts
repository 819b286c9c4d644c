/**
 * Unity Catalog privileges the simulator can deny. Unity Catalog checks the privilege a statement needs
 * before it looks at what exists: `CREATE SCHEMA IF NOT EXISTS main.finance` is refused without CREATE
 * SCHEMA on the catalog even when main.finance is already there (airbytehq/airbyte#35971). The refusal
 * reads as a SQL warehouse renders it: `[UNAUTHORIZED_ACCESS] Unauthorized access: PERMISSION_DENIED: User
 * does not have CREATE SCHEMA on Catalog 'main'. SQLSTATE: 42501` (the PERMISSION_DENIED words as in
 * databricks-demos/dbdemos#88).
 */
import type { Privilege } from './faults.ts';
import { SimSqlError } from './sql-errors.ts';
import { identifierName, isIdentifier, isWord, tokenize, type Token } from './sql-tokens.ts';

interface Needed {
  readonly privilege: Privilege;
  /** The securable the privilege is checked on, as Databricks names it in the refusal. */
  readonly on: string;
}

/** The privilege `sql` needs that is among `denied`, as a refusal; undefined when it may run. */
export function privilegeRefusal(
  sql: string,
  denied: readonly Privilege[],
  current: { catalog: string; schema: string },
): SimSqlError | undefined {
  if (denied.length === 0) return undefined;
  const needed = neededPrivilege(sql, current);
  if (needed === undefined || !denied.includes(needed.privilege)) return undefined;
  return new SimSqlError(
    'UNAUTHORIZED_ACCESS',
    '42501',
    `Unauthorized access: PERMISSION_DENIED: User does not have ${needed.privilege} on ${needed.on}.`,
    'analysis',
  );
}

function neededPrivilege(sql: string, current: { catalog: string; schema: string }): Needed | undefined {
  const words = tokenize(sql.trim()).filter((t) => t.kind !== 'space');
  if (!isWord(words[0], 'CREATE')) return undefined;
  let at = 1;
  if (isWord(words[at], 'OR') && isWord(words[at + 1], 'REPLACE')) at += 2;
  const what = words[at];
  at += 1;
  if (isWord(words[at], 'IF') && isWord(words[at + 1], 'NOT') && isWord(words[at + 2], 'EXISTS')) at += 3;
  const name = nameAt(words, at);
  if (isWord(what, 'SCHEMA', 'DATABASE')) {
    // catalog.schema, or a schema of the session's catalog.
    const catalog = name.length >= 2 ? (name[0] ?? current.catalog) : current.catalog;
    return { privilege: 'CREATE SCHEMA', on: `Catalog '${catalog}'` };
  }
  if (isWord(what, 'TABLE')) {
    const schema =
      name.length >= 3
        ? `${name[0]}.${name[1]}`
        : name.length === 2
          ? `${current.catalog}.${name[0]}`
          : `${current.catalog}.${current.schema}`;
    return { privilege: 'CREATE TABLE', on: `Schema '${schema}'` };
  }
  return undefined;
}

/** `a.b.c` starting at `at`, unquoted. */
function nameAt(words: readonly Token[], at: number): string[] {
  const names: string[] = [];
  for (let i = at; isIdentifier(words[i]); i += 2) {
    names.push(identifierName(words[i] as Token));
    if (words[i + 1]?.text !== '.') break;
  }
  return names;
}
