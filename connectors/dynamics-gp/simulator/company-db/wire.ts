/**
 * TDS 7.4 framing and the response tokens the company-database simulator writes ([MS-TDS]): messages
 * split into packets of at most the negotiated size, and the tokens a SQL Server answers a login and a
 * query with (ERROR, LOGINACK, ENVCHANGE, COLMETADATA, ROW, DONE*). Only what the pre-check needs.
 */

/** Packet types ([MS-TDS] 2.2.3.1.1). */
export const PACKET = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR: 0x04,
  ATTENTION: 0x06,
  LOGIN7: 0x10,
  PRELOGIN: 0x12,
} as const;

/** The packet size a client starts with and SQL Server confirms in its ENVCHANGE. */
export const PACKET_SIZE = 4096;

/** SQL_Latin1_General_CP1_CI_AS, the collation GP's company databases are installed with. */
export const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

/** Splits one message into packets; the last carries end-of-message (status 0x01). */
export function packets(type: number, payload: Buffer, size = PACKET_SIZE): Buffer[] {
  const room = size - 8;
  const out: Buffer[] = [];
  for (let at = 0, id = 1; at < payload.length || out.length === 0; at += room, id += 1) {
    const chunk = payload.subarray(at, at + room);
    const header = Buffer.alloc(8);
    header.writeUInt8(type, 0);
    header.writeUInt8(at + room >= payload.length ? 0x01 : 0x00, 1);
    header.writeUInt16BE(chunk.length + 8, 2);
    header.writeUInt16BE(0x0033, 4); // SPID
    header.writeUInt8(id % 256, 6);
    out.push(Buffer.concat([header, chunk]));
  }
  return out;
}

/** Collects a client's packets into whole messages (a message ends at the packet with status bit 0x01). */
export class MessageReader {
  private pending = Buffer.alloc(0);
  private parts: Buffer[] = [];

  constructor(private readonly onMessage: (type: number, payload: Buffer) => void) {}

  push(data: Buffer): void {
    this.pending = Buffer.concat([this.pending, data]);
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt16BE(2);
      if (length < 8) throw new Error(`a TDS packet of ${length} bytes`);
      if (this.pending.length < length) return;
      const type = this.pending.readUInt8(0);
      const last = (this.pending.readUInt8(1) & 0x01) === 0x01;
      this.parts.push(this.pending.subarray(8, length));
      this.pending = this.pending.subarray(length);
      if (last) {
        const payload = Buffer.concat(this.parts);
        this.parts = [];
        this.onMessage(type, payload);
      }
    }
  }
}

function ucs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

function bVarchar(text: string): Buffer {
  return Buffer.concat([Buffer.from([text.length]), ucs2(text)]);
}

function usVarchar(text: string): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([length, ucs2(text)]);
}

function withLength(token: number, body: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(token, 0);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

export const SERVER_NAME = 'GPSQL01';

/** An ERROR token (0xAA) as SQL Server writes it: number, state, severity, text, server, procedure, line. */
export function errorToken(number: number, message: string, severity = 16, state = 1): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32LE(number, 0);
  head.writeUInt8(state, 4);
  head.writeUInt8(severity, 5);
  const line = Buffer.alloc(4);
  line.writeUInt32LE(1);
  return withLength(0xaa, Buffer.concat([head, usVarchar(message), bVarchar(SERVER_NAME), bVarchar(''), line]));
}

/** LOGINACK (0xAD): T-SQL interface, TDS 7.4, SQL Server 2019's version. */
export function loginAckToken(): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(1, 0);
  head.writeUInt32BE(0x74000004, 1);
  return withLength(0xad, Buffer.concat([head, bVarchar('Microsoft SQL Server'), Buffer.from([15, 0, 0x10, 0x87])]));
}

/** ENVCHANGE (0xE3) of a text value: 1 database, 2 language, 4 packet size. */
export function envChangeToken(type: 1 | 2 | 4, value: string, old = ''): Buffer {
  return withLength(0xe3, Buffer.concat([Buffer.from([type]), bVarchar(value), bVarchar(old)]));
}

/** ENVCHANGE (0xE3) type 7: the database's collation. */
export function collationToken(): Buffer {
  return withLength(0xe3, Buffer.concat([Buffer.from([7, COLLATION.length]), COLLATION, Buffer.from([0])]));
}

/** DONE (0xFD), DONEPROC (0xFE) or DONEINPROC (0xFF), with a row count when given. */
export function doneToken(token: 0xfd | 0xfe | 0xff, options: { rows?: number; error?: boolean } = {}): Buffer {
  const body = Buffer.alloc(13);
  body.writeUInt8(token, 0);
  body.writeUInt16LE((options.rows === undefined ? 0 : 0x10) | (options.error === true ? 0x02 : 0), 1);
  body.writeUInt16LE(0xc1, 3); // SELECT
  body.writeBigUInt64LE(BigInt(options.rows ?? 0), 5);
  return body;
}

/** RETURNSTATUS (0x79) of a procedure: 0 when it succeeded. */
export function returnStatusToken(status: number): Buffer {
  const body = Buffer.alloc(5);
  body.writeUInt8(0x79, 0);
  body.writeInt32LE(status, 1);
  return body;
}

/** The column types GP's SY40100 uses: smallint, tinyint, char(n), datetime. */
export type Column =
  | { readonly name: string; readonly type: 'smallint' | 'tinyint' }
  | { readonly name: string; readonly type: 'char'; readonly length: number }
  | { readonly name: string; readonly type: 'datetime' };

export type Cell = number | string | Date;

function typeInfo(column: Column): Buffer {
  switch (column.type) {
    case 'smallint':
      return Buffer.from([0x26, 2]); // INTN(2): nullable columns come as INTN, as SQL Server sends them
    case 'tinyint':
      return Buffer.from([0x26, 1]);
    case 'datetime':
      return Buffer.from([0x6f, 8]); // DATETIMN(8)
    case 'char': {
      const head = Buffer.alloc(3);
      head.writeUInt8(0xaf, 0); // BIGCHAR
      head.writeUInt16LE(column.length, 1);
      return Buffer.concat([head, COLLATION]);
    }
  }
}

/** COLMETADATA (0x81): user type, flags (nullable), type info and name per column. */
export function colMetadataToken(columns: readonly Column[]): Buffer {
  const count = Buffer.alloc(3);
  count.writeUInt8(0x81, 0);
  count.writeUInt16LE(columns.length, 1);
  const described = columns.map((column) => {
    const head = Buffer.alloc(6);
    head.writeUInt16LE(0x0001, 4); // nullable
    return Buffer.concat([head, typeInfo(column), bVarchar(column.name)]);
  });
  return Buffer.concat([count, ...described]);
}

const DAY_MS = 86_400_000;
const SQL_EPOCH_MS = Date.UTC(1900, 0, 1);

function cellBytes(column: Column, value: Cell): Buffer {
  switch (column.type) {
    case 'smallint': {
      const out = Buffer.alloc(3);
      out.writeUInt8(2, 0);
      out.writeInt16LE(Number(value), 1);
      return out;
    }
    case 'tinyint':
      return Buffer.from([1, Number(value)]);
    case 'datetime': {
      const ms = (value as Date).getTime() - SQL_EPOCH_MS;
      const days = Math.floor(ms / DAY_MS);
      const out = Buffer.alloc(9);
      out.writeUInt8(8, 0);
      out.writeInt32LE(days, 1);
      out.writeUInt32LE(Math.round(((ms - days * DAY_MS) * 3) / 10), 5);
      return out;
    }
    case 'char': {
      // char(n) is space-padded to its length, as GP's columns read back.
      const text = Buffer.from(String(value).padEnd(column.length).slice(0, column.length), 'latin1');
      const out = Buffer.alloc(2);
      out.writeUInt16LE(text.length);
      return Buffer.concat([out, text]);
    }
  }
}

/** ROW (0xD1): one value per column, in COLMETADATA's order. */
export function rowToken(columns: readonly Column[], row: readonly Cell[]): Buffer {
  return Buffer.concat([Buffer.from([0xd1]), ...columns.map((column, index) => cellBytes(column, row[index]!))]);
}
