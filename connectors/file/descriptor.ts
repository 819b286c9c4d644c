/**
 * The file connector described as data: what the studio shows and the pipeline file carries. There is
 * nothing to sign in to; the only address part is the folder, and every stream is configured by the
 * user (which file or pattern, its format, and optionally declared field types).
 */
import { FILE_ENCODINGS, INVALID_BYTES_POLICIES } from './text-decoding.ts';

export interface FileStreamOptionDescription {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'choice' | 'number';
  readonly required: boolean;
  readonly choices?: readonly string[];
  readonly description: string;
}

export const fileConnectorDescriptor = {
  id: 'file',
  label: 'CSV / JSONL files',
  description: 'CSV and JSONL files an analyst exported, read from one folder; types are inferred or declared.',
  authMethods: ['none'],
  addressParts: [
    {
      name: 'folder',
      label: 'Folder',
      kind: 'path',
      required: true,
      description: "Folder that holds the files; a relative path resolves against the pipeline file's folder.",
    },
  ],
  streams: {
    configuredBy: 'user',
    /** Keys of a stream's `source.options` in the pipeline file. */
    options: [
      {
        name: 'file',
        label: 'File',
        kind: 'text',
        required: true,
        description: 'File name in the folder, or a pattern such as gl-lines-*.csv (files are read in name order).',
      },
      {
        name: 'format',
        label: 'Format',
        kind: 'choice',
        required: false,
        choices: ['csv', 'jsonl'],
        description: 'Default: from the extension.',
      },
      {
        name: 'delimiter',
        label: 'Delimiter',
        kind: 'text',
        required: false,
        description: "CSV field separator, one character. Default ',' (tab for .tsv).",
      },
      {
        name: 'defaultZone',
        label: 'Time zone',
        kind: 'text',
        required: false,
        description: 'Zone of timestamps written without an offset, e.g. America/Chicago.',
      },
      {
        name: 'encoding',
        label: 'Encoding',
        kind: 'choice',
        required: false,
        choices: FILE_ENCODINGS,
        description:
          'How the file stores its characters. Default utf-8; latin1 (ISO-8859-1) or windows-1252 for ERP exports saved that way (€ is byte 0x80 only in windows-1252).',
      },
      {
        name: 'invalidBytes',
        label: 'Bytes that are not UTF-8',
        kind: 'choice',
        required: false,
        choices: INVALID_BYTES_POLICIES,
        description:
          'UTF-8 files only. hold (default): the record is held for review, naming the line and byte offset. refuse: the file is refused before any of it is written.',
      },
    ] satisfies readonly FileStreamOptionDescription[],
    keyAndCursor: 'Any field; key and cursor come from the stream, field types from inference or `fields`.',
  },
  connectionTest: {
    label: 'Find the folder',
  },
} as const;

export type FileConnectorDescriptor = typeof fileConnectorDescriptor;
