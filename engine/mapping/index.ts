/**
 * The mapping language: formula text -> AST -> type check -> compiled closures -> target rows and
 * held rows. The syntax, types, conversions and NULL rules are described in LANGUAGE.md.
 */
export type {
  ArithmeticOperator,
  BinaryExpr,
  BinaryOperator,
  BooleanLiteral,
  CallExpr,
  ComparisonOperator,
  ErrorExpr,
  Expr,
  FieldRef,
  NullLiteral,
  NumberLiteral,
  PathSegment,
  StringLiteral,
  TextRange,
  UnaryExpr,
  UnaryOperator,
} from './ast.ts';
export { childrenOf, shapeOf, walk } from './ast.ts';
export { parse, type ParseResult } from './parser.ts';
export { print, printPath } from './printer.ts';
export {
  applyFix,
  DIAGNOSTIC_CODES,
  lineAndColumn,
  toDiagnostics,
  type Diagnostic,
  type DiagnosticCode,
  type Fix,
  type TextEdit,
  type LineColumn,
  type Problem,
  type Severity,
} from './diagnostics.ts';
export { check, checkTarget, type CheckResult, type CheckScope } from './checker.ts';
export { LOOKUP_HELP, type LookupInfo, type LookupMode, type LookupResolution } from './lookup-form.ts';
export { aType, formatType, isAssignable } from './type-rules.ts';
export { T, type MappingType, type ScalarTypeName } from './types.ts';
export {
  compileExpression,
  type CompiledExpression,
  type ExpressionEnv,
  type RowFunction,
  type SourceRow,
} from './compiler.ts';
export {
  compileMapping,
  lookupInfos,
  type ColumnDiagnostic,
  type CompileMappingOptions,
  type CompileMappingResult,
  type CompiledColumn,
  type CompiledMapping,
  type MappingColumnSpec,
  type MappingSpec,
} from './mapping.ts';
export { evaluate, type EvaluationResult, type HeldRow, type HoldReason } from './evaluate.ts';
export type { OutputHoldCode } from './column-output.ts';
export {
  completionsAt,
  diagnosticsFor,
  fieldsRead,
  hoverAt,
  type Completion,
  type CompletionKind,
  type ExpressionTarget,
  type FieldUse,
  type FieldsRead,
  type Hover,
  type LookupUse,
} from './services.ts';
export { FUNCTIONS, findFunction, RowHold } from './functions/index.ts';
export type { EvalContext, FunctionSpec, LookupTable, ParamSpec, TypeRuleResult } from './functions/index.ts';
export { compileSql, SQL_FUNCTIONS, type SqlExpression, type SqlVerdict } from './sql/compile-sql.ts';
export { JS_ONLY_FUNCTIONS } from './sql/js-only.ts';
export {
  compileSqlMapping,
  HOLD_REASONS_COLUMN,
  NEEDS_JS_COLUMN,
  type SqlMappingVerdict,
} from './sql/compile-sql-mapping.ts';
