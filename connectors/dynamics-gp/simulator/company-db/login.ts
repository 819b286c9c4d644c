/**
 * The two messages of a TDS sign-in ([MS-TDS] 2.2.6.4 PRELOGIN, 2.2.6.4 LOGIN7) as the simulator reads
 * and answers them: PRELOGIN answered "encryption not supported" (no TLS in the simulator), LOGIN7 read
 * for its user, its obfuscated password, its database and whether it asks for Windows (SSPI) sign-in.
 */

const ENCRYPT_NOT_SUP = 0x02;

/** What the client asked for in its PRELOGIN: its ENCRYPTION option (0 off, 1 on, 2 not supported, 3 required). */
export function preloginEncryption(payload: Buffer): number | undefined {
  for (let at = 0; at < payload.length && payload[at] !== 0xff; at += 5) {
    if (payload[at] === 0x01) return payload.readUInt8(payload.readUInt16BE(at + 1));
  }
  return undefined;
}

/** The server's PRELOGIN answer: version, ENCRYPT_NOT_SUP, no instance, no thread id, no MARS. */
export function preloginResponse(): Buffer {
  const options: (readonly [number, Buffer])[] = [
    [0x00, Buffer.from([15, 0, 0x10, 0x87, 0, 0])], // SQL Server 15.0.4231 (2019)
    [0x01, Buffer.from([ENCRYPT_NOT_SUP])],
    [0x02, Buffer.from([0])],
    [0x03, Buffer.alloc(4)],
    [0x04, Buffer.from([0])],
  ];
  const headerLength = options.length * 5 + 1;
  const headers: Buffer[] = [];
  let offset = headerLength;
  for (const [token, data] of options) {
    const header = Buffer.alloc(5);
    header.writeUInt8(token, 0);
    header.writeUInt16BE(offset, 1);
    header.writeUInt16BE(data.length, 3);
    headers.push(header);
    offset += data.length;
  }
  return Buffer.concat([...headers, Buffer.from([0xff]), ...options.map(([, data]) => data)]);
}

export interface Login7 {
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The client asked for integrated (Windows, SSPI) sign-in instead of a SQL login. */
  readonly integrated: boolean;
}

/** LOGIN7's passwords are sent with each byte's nibbles swapped and XORed with 0xA5 ([MS-TDS] 2.2.6.4). */
function clearPassword(bytes: Buffer): string {
  const clear = Buffer.from(
    bytes.map((byte) => {
      const unmasked = byte ^ 0xa5;
      return ((unmasked & 0x0f) << 4) | (unmasked >> 4);
    }),
  );
  return clear.toString('utf16le');
}

export function parseLogin7(payload: Buffer): Login7 {
  const field = (at: number): Buffer => {
    const offset = payload.readUInt16LE(at);
    const chars = payload.readUInt16LE(at + 2);
    return payload.subarray(offset, offset + chars * 2);
  };
  return {
    user: field(40).toString('utf16le'),
    password: clearPassword(field(44)),
    database: field(68).toString('utf16le'),
    integrated: (payload.readUInt8(25) & 0x80) !== 0,
  };
}
