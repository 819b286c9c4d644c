/**
 * The spellings a secret takes on its way out of the process: as typed, URL-encoded (a password in a
 * query string or form body), JSON-escaped (a payload serialised before it is logged) and base64
 * (a Basic auth header, where it sits after `user:` at any byte alignment).
 */

/** Shorter values are not masked: `***` over every "abc" or "1" would wreck the text and hide nothing. */
export const MIN_SECRET_LENGTH = 4;

export function secretForms(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([value, JSON.stringify(value).slice(1, -1)]);
  for (const encoded of urlForms(value)) forms.add(encoded);
  for (const encoded of base64Forms(value)) {
    forms.add(encoded);
    forms.add(encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

function urlForms(value: string): string[] {
  const component = encodeURIComponent(value);
  // Encoders differ: form bodies write spaces as '+', strict RFC 3986 encoders also escape !'()*,
  // and some write the hex digits in lower case.
  const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const variants = [component, component.replace(/%20/g, '+'), strict, strict.replace(/%20/g, '+')];
  return variants.flatMap((form) => [form, form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())]);
}

/**
 * The whole value's base64 (padded and not), and for each of the three byte alignments the run of
 * base64 characters that depends on the value's bytes alone. `Basic base64("user:" + secret)` always
 * contains one of those runs whatever the user name, so masking the runs hides the secret there too;
 * at most two boundary characters (which also carry bits of the neighbours) are left.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const whole = bytes.toString('base64');
  const forms = [whole, whole.replace(/=+$/, '')];
  for (const shift of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(shift), bytes]);
    const encoded = shifted.toString('base64');
    const first = Math.ceil((shift * 8) / 6);
    const rest = shifted.length % 3;
    const last = Math.floor(shifted.length / 3) * 4 + Math.floor((rest * 8) / 6);
    forms.push(encoded.slice(first, last));
  }
  return forms;
}
