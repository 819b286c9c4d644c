/** TDS framing of the company-database simulator: a message longer than a packet is split and read back whole. */
import { describe, expect, it } from 'vitest';
import { MessageReader, PACKET, PACKET_SIZE, packets } from './wire.ts';

describe('TDS packets', () => {
  it('splits a long message into packets of the negotiated size, the last marked end-of-message, and reads it back whole', () => {
    const payload = Buffer.from(Array.from({ length: 10_000 }, (_, index) => index % 251));
    const sent = packets(PACKET.TABULAR, payload);
    expect(sent.map((packet) => packet.length)).toEqual([PACKET_SIZE, PACKET_SIZE, 10_000 - 2 * (PACKET_SIZE - 8) + 8]);
    expect(sent.map((packet) => packet.readUInt8(1))).toEqual([0, 0, 1]);
    const read: Buffer[] = [];
    const reader = new MessageReader((type, message) => {
      expect(type).toBe(PACKET.TABULAR);
      read.push(message);
    });
    // Delivered in odd slices, as TCP may: one message comes out, equal to what was sent.
    const stream = Buffer.concat(sent);
    for (let at = 0; at < stream.length; at += 997) reader.push(stream.subarray(at, at + 997));
    expect(read).toHaveLength(1);
    expect(read[0]?.equals(payload)).toBe(true);
    expect(packets(PACKET.TABULAR, Buffer.alloc(0))).toHaveLength(1);
  });
});
