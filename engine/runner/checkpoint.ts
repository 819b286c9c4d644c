/**
 * The watermark as a destination records it (`Destination.readCheckpoint`): text the engine writes
 * and reads back, with the store's tagged value codec so a decimal or timestamp cursor round-trips
 * exactly. A checkpoint that cannot be read is not guessed at: the run reads from the start instead,
 * which row versions (append) and keys (merge) make harmless.
 */
import type { Destination, RecordedCheckpoint, TargetTable } from '../model/io.ts';
import { decodeValue, encodeValue } from '../store/index.ts';
import type { Watermark } from './incremental.ts';

export const CHECKPOINT_FORMAT = 1;

export function encodeWatermark(watermark: Watermark): string {
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    cursor: encodeValue(watermark.cursor),
    keysAtCursor: watermark.keysAtCursor,
  });
}

export function decodeWatermark(text: string): Watermark | undefined {
  try {
    const json = JSON.parse(text) as { format?: unknown; cursor?: unknown; keysAtCursor?: unknown };
    if (
      json.format !== CHECKPOINT_FORMAT ||
      !Array.isArray(json.keysAtCursor) ||
      !json.keysAtCursor.every((key) => typeof key === 'string')
    )
      return undefined;
    return { cursor: decodeValue(json.cursor), keysAtCursor: json.keysAtCursor as string[] };
  } catch {
    return undefined;
  }
}

export interface RecoveredState {
  readonly watermark: Watermark;
  readonly checkpoint: RecordedCheckpoint;
}

/** The watermark the destination recorded for this stream, when it records one and it can be read. */
export async function stateFromDestination(
  destination: Destination,
  target: TargetTable,
  pipelineId: string,
  stream: string,
): Promise<RecoveredState | undefined> {
  if (!destination.readCheckpoint) return undefined;
  const checkpoint = await destination.readCheckpoint(target, pipelineId, stream);
  if (!checkpoint) return undefined;
  const watermark = decodeWatermark(checkpoint.watermark);
  return watermark ? { watermark, checkpoint } : undefined;
}
