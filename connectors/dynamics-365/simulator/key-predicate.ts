/**
 * Dataverse's reading of a record address in a URL: `accounts(<guid>)`, `accounts(accountid=<guid>)` or
 * by alternate key `accounts(accountnumber='V1000')`, multi-part with commas. Written for the simulator on
 * its own (not the connector's writer), so a test of the two together checks one against the other.
 * A key value holding a character Dataverse's parser breaks on is its 400 "Error in query syntax."
 */

export type KeyPredicate =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'key'; readonly values: ReadonlyMap<string, string | number> };

export class KeySyntaxError extends Error {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BROKEN = /[/\\<>*%&:?+#\u0000-\u001f\u007f]/;

/** Reads the text between the parentheses, already percent-decoded once (as the server's URL layer does). */
export function readKeyPredicate(text: string): KeyPredicate {
  if (GUID.test(text)) return { kind: 'id', id: text.toLowerCase() };
  const values = new Map<string, string | number>();
  let at = 0;
  while (at < text.length) {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(text.slice(at));
    if (name === null) throw new KeySyntaxError('Bad Request - Error in query syntax.');
    at += name[0].length;
    let value: string | number;
    if (text[at] === "'") {
      let end = at + 1;
      let read = '';
      for (;;) {
        if (end >= text.length) throw new KeySyntaxError('Bad Request - Error in query syntax.');
        if (text[end] === "'") {
          if (text[end + 1] === "'") {
            read += "'";
            end += 2;
            continue;
          }
          break;
        }
        read += text[end];
        end += 1;
      }
      if (BROKEN.test(read)) throw new KeySyntaxError('Bad Request - Error in query syntax.');
      value = read;
      at = end + 1;
    } else {
      const bare = /^[^,]+/.exec(text.slice(at))?.[0] ?? '';
      if (GUID.test(bare)) value = bare.toLowerCase();
      else if (/^-?\d+(\.\d+)?$/.test(bare)) value = Number(bare);
      else throw new KeySyntaxError('Bad Request - Error in query syntax.');
      at += bare.length;
    }
    if (values.has(name[1]!)) throw new KeySyntaxError('Bad Request - Error in query syntax.');
    values.set(name[1]!, value);
    if (at < text.length) {
      if (text[at] !== ',') throw new KeySyntaxError('Bad Request - Error in query syntax.');
      at += 1;
    }
  }
  if (values.size === 0) throw new KeySyntaxError('Bad Request - Error in query syntax.');
  return { kind: 'key', values };
}
