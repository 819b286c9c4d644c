/**
 * Renames function calls in formula text, for migrations: `TRIM(` becomes `TRIM_ENDS(` only where TRIM
 * is called, never inside text ("..."), a bracketed name ([...]) or a longer name (MYTRIM, a.TRIM).
 * The model cannot use the mapping language's parser (it imports nothing of the engine), and a
 * migration must rewrite even a formula that does not parse, so this reads just enough of the syntax:
 * strings, bracketed names, words, and whether a "(" follows a word.
 */
export function renameFunctionCalls(formula: string, renames: ReadonlyMap<string, string>): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const character = formula[i] as string;
    if (character === '"' || character === "'" || character === '[') {
      const end = quotedEnd(formula, i, character === '[' ? ']' : character);
      out += formula.slice(i, end);
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(character)) {
      let end = i + 1;
      while (end < formula.length && /[A-Za-z0-9_]/.test(formula[end] as string)) end++;
      const word = formula.slice(i, end);
      const before = out.trimEnd();
      const afterField = before.endsWith('.');
      const renamed = renames.get(word.toUpperCase());
      out += renamed !== undefined && !afterField && /^\s*\(/.test(formula.slice(end)) ? renamed : word;
      i = end;
      continue;
    }
    out += character;
    i++;
  }
  return out;
}

/** Where a quoted part that starts at `start` ends: past its closing mark (a doubled mark stands for one), or the end. */
function quotedEnd(text: string, start: number, close: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === close) {
      if (text[i + 1] === close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}
