import { describe, expect, it } from 'vitest';
import { XSI_NS, XmlSyntaxError, XmlValueError, buildXml, child, el, nilEl, parseXml, textAt, typedEl } from './xml.ts';

const NS = 'urn:example:gp';
const OTHER = 'urn:example:context';

describe('SOAP kit XML', () => {
  const hostile = [
    '<script>alert(1)</script>',
    'Fish & Chips',
    'end ]]> of CDATA',
    `quotes " and ' both`,
    'Müller & Söhne — Ångström, 東京, 💥',
    'line one\r\nline two\ttabbed',
    '  leading and trailing spaces  ',
    '&amp; already escaped &#13;',
  ];

  it.each(hostile)('round-trips %j exactly', (value) => {
    const xml = buildXml(el(NS, 'Root', [el(NS, 'Value', value)]), { [NS]: 'gp' });
    expect(textAt(parseXml(xml), 'Value')).toBe(value);
  });

  it('keeps an amount as its exact text, never a number', () => {
    const xml = buildXml(el(NS, 'Root', [el(NS, 'Value', '12345678901234.56'), el(NS, 'Zero', '0.10')]));
    const root = parseXml(xml);
    expect(textAt(root, 'Value')).toBe('12345678901234.56');
    expect(textAt(root, 'Zero')).toBe('0.10');
  });

  it('escapes markup in values instead of letting it through', () => {
    const xml = buildXml(el(NS, 'Root', [el(NS, 'Reference', '</gp:Reference><gp:Injected>x')]), { [NS]: 'gp' });
    expect(xml).not.toContain('<gp:Injected>');
    const root = parseXml(xml);
    expect(root.children).toHaveLength(1);
    expect(child(root, 'Injected')).toBeUndefined();
  });

  it('resolves namespaces by URI whatever the prefixes, and reads xsi:type and xsi:nil', () => {
    const text = `<?xml version="1.0"?>
      <a:Root xmlns:a="${NS}" xmlns:b="${OTHER}" xmlns:i="${XSI_NS}">
        <a:Key i:type="b:CompanyKey"><b:Id>-1</b:Id></a:Key>
        <a:NotEqualValue i:nil="true"/>
        <Plain xmlns="${OTHER}">text</Plain>
      </a:Root>`;
    const root = parseXml(text);
    expect(root).toMatchObject({ ns: NS, name: 'Root' });
    const key = child(root, 'Key');
    expect(key?.type).toEqual({ ns: OTHER, name: 'CompanyKey' });
    expect(child(key, 'Id')).toMatchObject({ ns: OTHER, text: '-1' });
    expect(child(root, 'NotEqualValue')?.nil).toBe(true);
    expect(textAt(root, 'NotEqualValue')).toBeUndefined();
    expect(child(root, 'Plain')).toMatchObject({ ns: OTHER, text: 'text' });
  });

  it('builds xsi:type and xsi:nil with declared prefixes', () => {
    const xml = buildXml(
      el(NS, 'Root', [
        typedEl(OTHER, 'OrganizationKey', { ns: OTHER, name: 'CompanyKey' }, [el(OTHER, 'Id', '-1')]),
        nilEl(NS, 'NotEqualValue'),
      ]),
      { [NS]: 'gp', [OTHER]: 'd' },
    );
    expect(xml).toContain('xsi:type="d:CompanyKey"');
    expect(xml).toContain('<gp:NotEqualValue xsi:nil="true"/>');
    const root = parseXml(xml);
    expect(child(root, 'OrganizationKey')?.type).toEqual({ ns: OTHER, name: 'CompanyKey' });
  });

  it('reads CDATA as text', () => {
    const root = parseXml(`<r xmlns="${NS}"><v><![CDATA[<b>&]]></v></r>`);
    expect(textAt(root, 'v')).toBe('<b>&');
  });

  it('refuses a value XML cannot carry, naming the element but not the value', () => {
    expect(() => buildXml(el(NS, 'Root', [el(NS, 'Secretive', 'bell\u0007')]))).toThrow(XmlValueError);
    expect(() => buildXml(el(NS, 'Root', [el(NS, 'Secretive', 'bell\u0007')]))).toThrow(/Secretive/);
  });

  it('refuses text that is not well-formed, a DOCTYPE and an undeclared prefix', () => {
    expect(() => parseXml('<r><x></r>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<p:r/>')).toThrow(/prefix 'p'/);
    expect(() => parseXml('')).toThrow(XmlSyntaxError);
  });
});
