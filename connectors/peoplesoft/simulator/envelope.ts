/**
 * QAS answers in PeopleSoft's shapes: the JSON envelope `{"status":"success","data":{"query":{"numrows",
 * "queryname=", "rows":[{"attr:rownumber":1, …}]}}}` (the query-name key's spelling is a switch: weak
 * evidence, peoplesoft.md §0 §3), amounts written by their digits; the XMLP shape when `json_resp` is absent;
 * and `IBResponse` errors (peoplesoftwiki.com capture, MessageSet 158).
 */
import { Amount, type Row } from './fixture.ts';

const jsonValue = (value: Row[string]): string =>
  value instanceof Amount ? value.text : JSON.stringify(value === null ? '' : value);

export function qasJson(queryName: string, rows: readonly Row[], nameKey: string): string {
  const rowTexts = rows.map((row, index) => {
    const fields = Object.entries(row).map(([name, value]) => `${JSON.stringify(name)}:${jsonValue(value)}`);
    return `{"attr:rownumber":${index + 1}${fields.map((field) => `,${field}`).join('')}}`;
  });
  return `{"status":"success","data":{"query":{"numrows":${rows.length},${JSON.stringify(nameKey)}:${JSON.stringify(queryName)},"rows":[${rowTexts.join(',')}]}}}`;
}

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function qasXml(queryName: string, rows: readonly Row[]): string {
  const rowTexts = rows.map((row, index) => {
    const fields = Object.entries(row).map(([name, value]) => {
      const text = value === null ? '' : value instanceof Amount ? value.text : String(value);
      return typeof value === 'string' && text !== ''
        ? `<${name}><![CDATA[${text}]]></${name}>`
        : `<${name}>${xmlText(text)}</${name}>`;
    });
    return `<row rownumber="${index + 1}">${fields.join('')}</row>`;
  });
  return `<?xml version="1.0"?><QAS_GETQUERYRESULTS_RESP_MSG><query numrows="${rows.length}" queryname="${xmlText(queryName)}">${rowTexts.join('')}</query></QAS_GETQUERYRESULTS_RESP_MSG>`;
}

export function ibResponse(messageId: number, message: string, parameters: readonly string[] = []): string {
  return [
    '<?xml version="1.0"?>',
    '<IBResponse type="error">',
    '<DefaultTitle>Integration Broker Response</DefaultTitle>',
    '<StatusCode>20</StatusCode>',
    '<MessageSet>158</MessageSet>',
    `<MessageID>${messageId}</MessageID>`,
    `<DefaultMessage>${xmlText(message)} (158,${messageId})</DefaultMessage>`,
    `<MessageParameters>${parameters.map((p) => `<Parameter>${xmlText(p)}</Parameter>`).join('')}</MessageParameters>`,
    '</IBResponse>',
  ].join('');
}
