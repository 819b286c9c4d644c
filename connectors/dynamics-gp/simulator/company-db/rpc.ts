/**
 * An RPC request ([MS-TDS] 2.2.6.6) as the simulator reads it: the procedure (sp_executesql is the
 * well-known id 10, as drivers send it) and its parameters by name. Parameter types are the two a
 * parameterized pre-check sends: nvarchar (the statement and its parameter declaration) and date.
 */

export const SP_EXECUTESQL = 10;

export type ParameterValue = string | { readonly date: string } | null;

export interface RpcCall {
  /** The procedure's well-known id, or its name when sent by name. */
  readonly procedure: number | string;
  readonly parameters: ReadonlyMap<string, ParameterValue>;
}

/** A request the simulator does not read: answered with an ERROR token naming it. */
export class UnsupportedRequest extends Error {}

const DATE_EPOCH_DAY = -719_162; // 0001-01-01 in days since 1970-01-01

class Cursor {
  constructor(
    private readonly buffer: Buffer,
    public at = 0,
  ) {}
  get done(): boolean {
    return this.at >= this.buffer.length;
  }
  u8(): number {
    return this.buffer.readUInt8((this.at += 1) - 1);
  }
  u16(): number {
    return this.buffer.readUInt16LE((this.at += 2) - 2);
  }
  u32(): number {
    return this.buffer.readUInt32LE((this.at += 4) - 4);
  }
  bytes(length: number): Buffer {
    if (this.at + length > this.buffer.length) throw new UnsupportedRequest('a truncated RPC request');
    return this.buffer.subarray((this.at += length) - length, this.at);
  }
}

function nvarchar(cursor: Cursor): string | null {
  const maxLength = cursor.u16();
  cursor.bytes(5); // collation
  if (maxLength !== 0xffff) {
    const length = cursor.u16();
    return length === 0xffff ? null : cursor.bytes(length).toString('utf16le');
  }
  // nvarchar(max): partially length-prefixed, chunks until a zero-length one.
  const total = cursor.bytes(8);
  if (total.equals(Buffer.alloc(8, 0xff))) return null;
  const chunks: Buffer[] = [];
  for (let length = cursor.u32(); length > 0; length = cursor.u32()) chunks.push(cursor.bytes(length));
  return Buffer.concat(chunks).toString('utf16le');
}

function date(cursor: Cursor): { date: string } | null {
  const length = cursor.u8();
  if (length === 0) return null;
  const bytes = cursor.bytes(3);
  const days = bytes.readUIntLE(0, 3);
  return { date: new Date((DATE_EPOCH_DAY + days) * 86_400_000).toISOString().slice(0, 10) };
}

export function parseRpc(payload: Buffer): RpcCall {
  const cursor = new Cursor(payload);
  cursor.at = cursor.u32(); // ALL_HEADERS (transaction descriptor): skipped
  const nameLength = cursor.u16();
  const procedure = nameLength === 0xffff ? cursor.u16() : cursor.bytes(nameLength * 2).toString('utf16le');
  cursor.u16(); // option flags
  const parameters = new Map<string, ParameterValue>();
  while (!cursor.done) {
    const name = cursor.bytes(cursor.u8() * 2).toString('utf16le');
    cursor.u8(); // status flags
    const type = cursor.u8();
    if (type === 0xe7) parameters.set(name, nvarchar(cursor));
    else if (type === 0x28) parameters.set(name, date(cursor));
    else throw new UnsupportedRequest(`parameter ${name} of TDS type 0x${type.toString(16)}`);
  }
  return { procedure, parameters };
}
