/**
 * Unity Catalog's per-catalog `information_schema` views that the client reads, put onto DuckDB's own
 * catalog functions before the statement is translated: `<catalog>.information_schema.schemata` lists the
 * catalog's schemas (catalog_name, schema_name), as Databricks' view does for the schemas the caller may see.
 */
import { duckCatalog } from './sql-translate.ts';
import { identifierName, isIdentifier, joinTokens, tokenize, type Token } from './sql-tokens.ts';

const VIEWS: Readonly<Record<string, (catalog: string) => string>> = {
  schemata: (catalog) =>
    `(SELECT '${catalog.replaceAll("'", "''")}' AS catalog_name, schema_name FROM duckdb_schemas() ` +
    `WHERE database_name = '${duckCatalog(catalog).replaceAll("'", "''")}' AND NOT internal AND schema_name <> 'information_schema')`,
};

/** `sql` with each `<catalog>.information_schema.<view>` it reads replaced by the DuckDB query behind it. */
export function withInformationSchema(sql: string): string {
  if (!/information_schema/i.test(sql)) return sql;
  const tokens = tokenize(sql);
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const [catalog, dot1, schema, dot2, view] = tokens.slice(i, i + 5);
    const query =
      isIdentifier(catalog) &&
      dot1?.text === '.' &&
      isIdentifier(schema) &&
      identifierName(schema).toLowerCase() === 'information_schema' &&
      dot2?.text === '.' &&
      isIdentifier(view)
        ? VIEWS[identifierName(view).toLowerCase()]?.(identifierName(catalog).toLowerCase())
        : undefined;
    if (query === undefined || tokens[i - 1]?.text === '.') {
      out.push(tokens[i] as Token);
      continue;
    }
    out.push({ kind: 'word', text: query });
    i += 4;
  }
  return joinTokens(out);
}
