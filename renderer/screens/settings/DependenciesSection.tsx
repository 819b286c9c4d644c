/**
 * The streams this one waits for (reference data first: vendors before the invoices that name them),
 * as checkboxes and as a small graph. A choice that would make streams wait on each other is refused
 * with the streams named.
 */
import { useState } from 'react';
import type { Pipeline } from '../../../engine/model/index.ts';
import { dependencyRefusal, setDependsOn } from '../../commands/stream-settings.ts';
import { studioStore } from '../../state/store.ts';
import { DependencyGraph } from './DependencyGraph.tsx';

export function DependenciesSection({ pipeline, stream }: { pipeline: Pipeline; stream: string }) {
  const waits = pipeline.streams[stream]!.dependsOn ?? [];
  const others = Object.keys(pipeline.streams).filter((name) => name !== stream);
  const [refusal, setRefusal] = useState<{ stream: string; text: string } | null>(null);

  function toggle(other: string, on: boolean): void {
    const next = others.filter((name) => (name === other ? on : waits.includes(name)));
    const reason = dependencyRefusal(pipeline, stream, next);
    if (reason !== undefined) return setRefusal({ stream, text: reason });
    setRefusal(null);
    studioStore()
      .getState()
      .apply(
        `${on ? 'Load' : 'Do not wait for'} ${other} ${on ? `before ${stream}` : ''}`.trim(),
        setDependsOn(stream, next),
      );
  }

  return (
    <section className="settings-section" aria-label="Dependencies">
      <h3>Load first</h3>
      {others.length === 0 ? (
        <p className="muted">This is the only stream.</p>
      ) : (
        <fieldset className="settings-checks">
          <legend>Streams that must load before {stream}</legend>
          {others.map((other) => (
            <label key={other}>
              <input
                type="checkbox"
                checked={waits.includes(other)}
                onChange={(event) => toggle(other, event.target.checked)}
              />{' '}
              {other}
            </label>
          ))}
        </fieldset>
      )}
      {refusal !== null && refusal.stream === stream && (
        <p className="settings-problem" role="alert" aria-label="Dependency refused">
          {refusal.text}
        </p>
      )}
      <DependencyGraph pipeline={pipeline} selected={stream} />
    </section>
  );
}
