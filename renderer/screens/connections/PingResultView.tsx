/**
 * Test (ping) and its answer: what was tried and the system's own words, green when it answered yes,
 * red with the reason when not. An answer about settings changed since is marked as such.
 */
import { ownEntry } from '../../../engine/model/index.ts';
import { connectionFingerprint } from '../../state/connections.ts';
import { studioStore, useStudio } from '../../state/store.ts';

export function PingResultView({ name, test }: { readonly name: string; readonly test: string | undefined }) {
  const ping = useStudio((state) => state.pings[name]);
  const current = useStudio((state) => connectionFingerprint(state.path, ownEntry(state.pipeline?.connections, name)));
  const testing = ping?.status === 'testing';
  return (
    <div className="conn-ping">
      <div className="conn-ping-bar">
        <button
          type="button"
          className="primary"
          disabled={testing}
          onClick={() => void studioStore().getState().testConnection(name)}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {test && <span className="muted">{test}</span>}
      </div>
      {ping && ping.status !== 'testing' && (
        <div
          className={`conn-ping-answer ${ping.status === 'done' && ping.result.ok ? 'conn-ok' : 'conn-fail'}`}
          role="status"
          aria-label="Test result"
        >
          {ping.status === 'done' ? (
            <>
              <strong>{ping.result.ok ? 'Connected' : 'Failed'}</strong>: {ping.result.message}
            </>
          ) : (
            <>
              <strong>Could not test</strong>: {ping.message}
            </>
          )}
          {ping.tested !== current && <p className="muted">These settings have changed since this test: test again.</p>}
        </div>
      )}
    </div>
  );
}
