import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EXIT_CANCELLED } from './errors.ts';
import { cancelOnInterrupt } from './interrupt.ts';

function setUp() {
  const signals = new EventEmitter();
  const said: string[] = [];
  const exits: number[] = [];
  const handle = cancelOnInterrupt(
    (line) => said.push(line),
    signals,
    (code) => exits.push(code),
  );
  return { signals, said, exits, handle };
}

describe('cancelOnInterrupt', () => {
  it('cancels through the signal on the first Ctrl-C and exits at once on the second', () => {
    const { signals, said, exits, handle } = setUp();
    expect(handle.signal.aborted).toBe(false);
    signals.emit('SIGINT');
    expect(handle.signal.aborted).toBe(true);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Ctrl-C again');
    expect(exits).toEqual([]);
    signals.emit('SIGINT');
    expect(exits).toEqual([EXIT_CANCELLED]);
  });

  it('cancels cleanly on SIGTERM, and stops listening once disposed', () => {
    const { signals, exits, handle } = setUp();
    signals.emit('SIGTERM');
    expect(handle.signal.aborted).toBe(true);
    handle.dispose();
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
    signals.emit('SIGTERM');
    expect(exits).toEqual([]);
  });
});
