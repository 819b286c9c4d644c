/**
 * Every diagnostic the language can give, each with a formula that gives it. A code added to
 * DIAGNOSTIC_CODES without a case here fails this test, and so does a warning without a fix, or a
 * fix that does not settle its warning.
 */
import { describe, expect, it } from 'vitest';
import { parseColumnType, type ColumnType } from '../model/column-type.ts';
import { applyFix, DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from './diagnostics.ts';
import { compileMapping, type ColumnDiagnostic, type MappingColumnSpec } from './mapping.ts';
import { GL_LOOKUPS, GL_SCHEMA } from './test-fixtures.ts';

interface Case {
  readonly formula: string;
  readonly severity: Severity;
  /** The destination column's type; text when absent. */
  readonly column?: string;
  readonly required?: boolean;
  /** Columns mapped before this one (for problems of a whole mapping). */
  readonly before?: readonly MappingColumnSpec[];
  readonly name?: string;
}

const CASES: Readonly<Record<DiagnosticCode, Case>> = {
  'syntax.empty': { formula: '', severity: 'error' },
  'syntax.unexpected': { formula: 'ACTNUMST )', severity: 'error' },
  'syntax.missing-operand': { formula: 'DEBITAMT +', severity: 'error' },
  'syntax.unclosed-paren': { formula: 'LEFT(ACTNUMST, 1', severity: 'error' },
  'syntax.unclosed-string': { formula: '"abc', severity: 'error' },
  'syntax.unclosed-name': { formula: '[Account Number', severity: 'error' },
  'syntax.bad-character': { formula: 'ACTNUMST # 1', severity: 'error' },
  'syntax.wrong-quote': { formula: "'abc'", severity: 'error' },
  'syntax.wrong-operator': { formula: 'ACTNUMST == "4"', column: 'boolean', severity: 'error' },
  'syntax.wrong-separator': { formula: 'LEFT(ACTNUMST; 1)', severity: 'error' },
  'syntax.bad-index': { formula: 'tags[99999999999]', severity: 'error' },
  'syntax.empty-name': { formula: '[]', severity: 'error' },
  'syntax.too-deep': { formula: `${'('.repeat(300)}1${')'.repeat(300)}`, column: 'integer', severity: 'error' },
  'type.unknown-field': { formula: 'ACTNUMS', severity: 'error' },
  'type.not-a-record': { formula: 'ACTNUMST.name', severity: 'error' },
  'type.not-a-list': { formula: 'ACTNUMST[0]', severity: 'error' },
  'type.unknown-function': { formula: 'LEFTT(ACTNUMST, 1)', severity: 'error' },
  'type.argument-count': { formula: 'LEFT(ACTNUMST, 1, 2)', severity: 'error' },
  'type.argument': { formula: 'LEFT(DEBITAMT, 1)', severity: 'error' },
  'type.operator': { formula: 'ACTNUMST * 2', column: 'integer', severity: 'error' },
  'type.unknown-lookup': { formula: 'LOOKUP(cost_center, ACTNUMST)', severity: 'error' },
  'type.lookup-table-expected': { formula: 'LOOKUP("cost_centers", ACTNUMST)', severity: 'error' },
  'type.lookup-key': { formula: 'LOOKUP(cost_centers, TRXDATE)', severity: 'error' },
  'type.lookup-default': { formula: 'LOOKUP(cost_centers, ACTNUMST, 5)', severity: 'error' },
  'type.lookup-not-dated': { formula: 'LOOKUP(cost_centers, ACTNUMST, TRXDATE)', severity: 'error' },
  'type.integer-too-large': { formula: '99999999999999999999', column: 'decimal(38,0)', severity: 'error' },
  'type.target-mismatch': { formula: 'TRXDATE', column: 'integer', severity: 'error' },
  'type.if-without-else': { formula: 'IF(DEBITAMT > 0, ACTNUMST)', severity: 'warning' },
  'type.year-before-1900': { formula: 'DATE(24, 1, 31)', column: 'date', severity: 'warning' },
  'type.always-empty': { formula: 'NULL', required: true, severity: 'warning' },
  'mapping.duplicate-column': {
    formula: 'ACTNUMST',
    before: [{ column: 'out', type: { kind: 'string' }, expression: 'ACTNUMST', required: false }],
    severity: 'error',
  },
  'mapping.reserved-column': { formula: 'ACTNUMST', name: '__proto__', severity: 'error' },
};

/** Warnings that have no text edit to offer, with the reason. */
const WARNINGS_WITHOUT_FIX: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  // A required column mapped to an empty value: the fix is a formula only the analyst knows.
  'type.always-empty',
]);

function columnType(text: string): ColumnType {
  const parsed = parseColumnType(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.type;
}

function diagnosticsOf(formula: string, found: Case): readonly ColumnDiagnostic[] {
  const column: MappingColumnSpec = {
    column: found.name ?? 'out',
    type: columnType(found.column ?? 'string'),
    expression: formula,
    required: found.required ?? false,
  };
  const compiled = compileMapping(
    { columns: [...(found.before ?? []), column] },
    { schema: GL_SCHEMA, lookups: GL_LOOKUPS },
  );
  return compiled.ok ? compiled.mapping.warnings : compiled.diagnostics;
}

describe('every diagnostic code', () => {
  it('has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  });

  for (const code of DIAGNOSTIC_CODES) {
    it(`${code}: its formula gives it`, () => {
      const found = CASES[code];
      const diagnostics = diagnosticsOf(found.formula, found);
      const match = diagnostics.find((d) => d.code === code);
      expect(match, JSON.stringify(diagnostics.map((d) => [d.code, d.message]))).toBeDefined();
      expect(match?.severity).toBe(found.severity);
      if (found.severity !== 'warning' || WARNINGS_WITHOUT_FIX.has(code)) return;
      const fix = match?.fix;
      expect(fix, `${code} is a warning and needs a fix`).toBeDefined();
      if (fix === undefined) return;
      const fixed = applyFix(found.formula, fix);
      expect(fixed).not.toBe(found.formula);
      expect(diagnosticsOf(fixed, found)).toEqual([]);
    });
  }

  it('fixes write what they say', () => {
    const ifCase = CASES['type.if-without-else'];
    const ifFix = diagnosticsOf(ifCase.formula, ifCase).find((d) => d.code === 'type.if-without-else')?.fix;
    expect(ifFix?.title).toBe('Write the else value out: NULL');
    expect(applyFix(ifCase.formula, ifFix!)).toBe('IF(DEBITAMT > 0, ACTNUMST, NULL)');
    const yearCase = CASES['type.year-before-1900'];
    const yearFix = diagnosticsOf(yearCase.formula, yearCase).find((d) => d.code === 'type.year-before-1900')?.fix;
    expect(applyFix(yearCase.formula, yearFix!)).toBe('DATE(1924, 1, 31)');
  });
});
