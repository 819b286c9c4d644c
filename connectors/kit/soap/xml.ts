/**
 * XML for SOAP on fast-xml-parser. Parsing gives elements with their namespace URIs resolved (a prefix is
 * only a local alias), every value kept as the exact text the sender wrote (no number or boolean
 * parsing: amounts are exact decimals), and `xsi:type` / `xsi:nil` read. Building goes through
 * fast-xml-parser's XMLBuilder, which escapes every value; nothing is concatenated into markup.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface QName {
  readonly ns: string;
  readonly name: string;
}

/** A parsed element. */
export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  /** Attributes other than namespace declarations: unprefixed ones by name, the others as `{ns}name`. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (CDATA included), exactly as sent; '' when it has none or has child elements. */
  readonly text: string;
  /** `xsi:nil="true"`: the value is null, not an empty string. */
  readonly nil: boolean;
  /** `xsi:type`, resolved against the namespaces in scope. */
  readonly type: QName | undefined;
  /** The namespace declarations in scope (prefix -> URI, '' for the default), for QName values such as faultcode. */
  readonly namespaces: ReadonlyMap<string, string>;
}

/** An element to build. `text` and `children` are exclusive; neither gives an empty element. */
export interface XmlOut {
  readonly ns: string;
  readonly name: string;
  readonly text?: string;
  readonly children?: readonly XmlOut[];
  readonly nil?: boolean;
  readonly type?: QName;
}

/** The text was not well-formed XML, or used something this reader refuses (a DTD). */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

/** A value holds a character XML 1.0 cannot carry (most control characters), so it cannot be sent. */
export class XmlValueError extends Error {
  override readonly name = 'XmlValueError';
}

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Decodes character references (&#13; &#x41;) besides the five XML entities.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The root element of `text`. A DOCTYPE is refused: SOAP forbids it, and its entities could expand without bound. */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text)) throw new XmlSyntaxError('a document type declaration (DOCTYPE) is not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlSyntaxError(`${valid.err.msg} (line ${valid.err.line})`);
  const nodes = parser.parse(text) as Ordered[];
  const root = nodes.find((node) => tagOf(node) !== undefined);
  if (root === undefined) throw new XmlSyntaxError('the document has no element');
  return toElement(root, new Map([['xml', XML_NS]]));
}

function tagOf(node: Ordered): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && !key.startsWith('?'));
}

function toElement(node: Ordered, outer: ReadonlyMap<string, string>): XmlElement {
  const tag = tagOf(node) ?? '';
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(outer);
  for (const [name, value] of Object.entries(rawAttributes)) {
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const colon = name.indexOf(':');
    attributes[colon < 0 ? name : `{${resolve(scope, name.slice(0, colon))}}${name.slice(colon + 1)}`] = value;
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[tag] ?? []) as Ordered[]) {
    if (typeof child['#text'] === 'string') text += child['#text'];
    else if (tagOf(child) !== undefined) children.push(toElement(child, scope));
  }
  const nil = attributes[`{${XSI_NS}}nil`];
  const type = attributes[`{${XSI_NS}}type`];
  return {
    ...qualify(scope, tag),
    attributes,
    children,
    text: children.length > 0 ? '' : text,
    nil: nil === 'true' || nil === '1',
    type: type === undefined ? undefined : qualify(scope, type.trim()),
    namespaces: scope,
  };
}

/** A QName written as text inside `element` (e.g. `soap:Server`), resolved against its declarations. */
export function qnameValue(element: XmlElement, text: string): QName {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return { ns: element.namespaces.get('') ?? '', name: trimmed };
  // An undeclared prefix leaves the namespace empty rather than failing a fault that is being read.
  return { ns: element.namespaces.get(trimmed.slice(0, colon)) ?? '', name: trimmed.slice(colon + 1) };
}

function qualify(scope: ReadonlyMap<string, string>, qname: string): QName {
  const colon = qname.indexOf(':');
  if (colon < 0) return { ns: scope.get('') ?? '', name: qname };
  return { ns: resolve(scope, qname.slice(0, colon)), name: qname.slice(colon + 1) };
}

function resolve(scope: ReadonlyMap<string, string>, prefix: string): string {
  const ns = scope.get(prefix);
  if (ns === undefined) throw new XmlSyntaxError(`the namespace prefix '${prefix}' is not declared`);
  return ns;
}

// The five XML escapes, plus CR as a character reference: a raw CR would reach the reader as LF
// (XML end-of-line handling), so "a\r\nb" would not come back as sent.
const ENTITIES = [
  { regex: /&/g, val: '&amp;' },
  { regex: />/g, val: '&gt;' },
  { regex: /</g, val: '&lt;' },
  { regex: /'/g, val: '&apos;' },
  { regex: /"/g, val: '&quot;' },
  { regex: /\r/g, val: '&#13;' },
];

// `entities` is a builder option its type declarations leave out (fast-xml-builder's defaults are the first five).
const builderOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
  entities: ENTITIES,
};
const builder = new XMLBuilder(builderOptions as ConstructorParameters<typeof XMLBuilder>[0]);

// Characters XML 1.0 cannot carry at all (not even as a reference), and lone surrogates.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/**
 * The document for `root`, with an XML declaration. Namespaces get the prefixes in `prefixes`
 * (`xsi` for XML Schema instance, others `ns1`, `ns2`, ...), all declared on the root; elements with namespace '' are unqualified.
 */
export function buildXml(root: XmlOut, prefixes: Readonly<Record<string, string>> = {}): string {
  const assigned = new Map<string, string>([[XSI_NS, 'xsi'], ...Object.entries(prefixes)]);
  const used = new Set<string>();
  const prefixOf = (ns: string): string => {
    used.add(ns);
    let prefix = assigned.get(ns);
    if (prefix === undefined) {
      prefix = `ns${assigned.size + 1}`;
      assigned.set(ns, prefix);
    }
    return prefix;
  };
  const qualified = (name: QName): string => (name.ns === '' ? name.name : `${prefixOf(name.ns)}:${name.name}`);
  const toOrdered = (element: XmlOut): Ordered => {
    const attributes: Record<string, string> = {};
    if (element.type !== undefined) attributes[`@_${prefixOf(XSI_NS)}:type`] = qualified(element.type);
    if (element.nil === true) attributes[`@_${prefixOf(XSI_NS)}:nil`] = 'true';
    let content: Ordered[] = [];
    if (element.text !== undefined && element.text !== '') {
      if (NOT_XML.test(element.text))
        throw new XmlValueError(`the value of ${element.name} holds a character XML cannot carry`);
      content = [{ '#text': element.text }];
    } else if (element.children !== undefined) {
      content = element.children.map(toOrdered);
    }
    return { [qualified(element)]: content, ...(Object.keys(attributes).length > 0 ? { ':@': attributes } : {}) };
  };
  const tree = toOrdered(root);
  const declarations: Record<string, string> = {};
  for (const ns of used) declarations[`@_xmlns:${assigned.get(ns) ?? ''}`] = ns;
  tree[':@'] = { ...declarations, ...(tree[':@'] as Record<string, string> | undefined) };
  const body = builder.build([tree]) as string;
  return `<?xml version="1.0" encoding="utf-8"?>${body}`;
}

/** An element with text, with child elements, or empty (`content` undefined). */
export function el(ns: string, name: string, content?: string | readonly (XmlOut | undefined)[]): XmlOut {
  if (content === undefined) return { ns, name };
  if (typeof content === 'string') return { ns, name, text: content };
  return { ns, name, children: content.filter((child): child is XmlOut => child !== undefined) };
}

/** `<name xsi:nil="true"/>`: a null, as a nillable required element is sent when it has no value. */
export function nilEl(ns: string, name: string): XmlOut {
  return { ns, name, nil: true };
}

/** An element of a derived type, `xsi:type` naming it (an abstract type's value, e.g. a CompanyKey). */
export function typedEl(ns: string, name: string, type: QName, children: readonly (XmlOut | undefined)[]): XmlOut {
  return { ...el(ns, name, children), type };
}

/** The first child named `name` (any namespace unless `ns` is given). */
export function child(element: XmlElement | undefined, name: string, ns?: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** All children named `name`. */
export function childrenNamed(element: XmlElement | undefined, name: string): readonly XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** The text of the child at `path` (names, one level each), or undefined when missing or nil. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const name of path) current = child(current, name);
  return current === undefined || current.nil ? undefined : current.text;
}
