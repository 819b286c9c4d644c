/**
 * Stream settings: everything the pipeline file holds about the selected stream besides its columns
 * (how it is read, written, ordered and reconciled, and its notes), and the pipeline's schedule. Every
 * change is one command, one undo step; boxes commit on Enter or on leaving them. A value the system
 * or the file would refuse (a page size over what the source serves, a dependency cycle) is refused
 * here with the reason, and the pipeline keeps what it had.
 */
import { useEffect } from 'react';
import { ownEntry, type Pipeline } from '../../../engine/model/index.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { ControlTotalsFields } from './ControlTotalsFields.tsx';
import { DependenciesSection } from './DependenciesSection.tsx';
import { ReadingSection } from './ReadingSection.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { WritingSection } from './WritingSection.tsx';
import { setStreamNotes } from '../../commands/stream-settings.ts';
import { CommitTextArea } from '../connections/CommitInput.tsx';
import './settings.css';

export function StreamSettingsScreen() {
  const stream = useStudio((state) => state.stream);
  const pipeline = useStudio((state) => state.pipeline);
  // The systems' page-size limits come with the host's list of systems.
  useEffect(() => void studioStore().getState().loadSystems(), []);
  const definition = stream === null ? undefined : ownEntry(pipeline?.streams, stream);
  return (
    <section className="settings-screen" aria-label="Stream settings">
      {stream === null || definition === undefined || pipeline === null ? (
        <p className="muted">No stream yet: its settings show here once there is one.</p>
      ) : (
        // Keyed by the stream: a refusal shown for one stream does not stay up on the next.
        <StreamSettings key={stream} pipeline={pipeline} stream={stream} />
      )}
      <ScheduleEditor />
    </section>
  );
}

function StreamSettings({ pipeline, stream }: { pipeline: Pipeline; stream: string }) {
  const definition = pipeline.streams[stream]!;
  return (
    <>
      <h2>Settings of {stream}</h2>
      <ReadingSection pipeline={pipeline} stream={stream} />
      <WritingSection pipeline={pipeline} stream={stream} />
      <DependenciesSection pipeline={pipeline} stream={stream} />
      <ControlTotalsFields stream={stream} definition={definition} />
      <section className="settings-section" aria-label="Notes">
        <h3>Notes</h3>
        <CommitTextArea
          aria-label="Stream notes"
          rows={3}
          value={definition.notes ?? ''}
          onCommit={(notes) =>
            studioStore().getState().apply(`Change the notes of ${stream}`, setStreamNotes(stream, notes))
          }
        />
      </section>
    </>
  );
}
