/**
 * "Listen for changes": the host runs the webhook receiver of `ml-connector webhooks serve` for a
 * stream of this connection, applying each change BambooHR announces through the pipeline's mapping at
 * once, and checking BambooHR on a schedule for anything a webhook missed. Shows the address to give
 * BambooHR and a live log; Stop ends it. The webhook's private key is stored here like any secret:
 * sent to the host's keychain once, never shown again.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { studioStore, useStudio } from '../../state/store.ts';
import { WebhookLog } from './WebhookLog.tsx';

/** The defaults of `ml-connector webhooks serve`, so the studio and IT's service agree. */
const DEFAULT_PORT = '47012';
const DEFAULT_KEY_SECRET = 'bamboohr_webhook_key';
const DEFAULT_POLL_MINUTES = '15';

function wholeNumber(text: string, max: number): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number(trimmed) <= max ? Number(trimmed) : undefined;
}

export function WebhookPanel({
  connection,
  systemLabel,
  entities,
}: {
  readonly connection: string;
  readonly systemLabel: string;
  readonly entities: readonly string[];
}) {
  const streams = useStudio(
    useShallow((state) =>
      Object.entries(state.pipeline?.streams ?? {})
        .filter(([, stream]) => stream.source.connection === connection && entities.includes(stream.source.entity))
        .map(([name]) => name),
    ),
  );
  const path = useStudio((state) => state.path);
  const listener = useStudio((state) =>
    state.webhookListeners.find((candidate) => candidate.connection === connection),
  );
  const action = useStudio((state) => state.webhookActions[connection]);
  const error = useStudio((state) => state.webhookErrors[connection]);
  const [stream, setStream] = useState('');
  const [port, setPort] = useState(DEFAULT_PORT);
  const [minutes, setMinutes] = useState(DEFAULT_POLL_MINUTES);
  const [keySecret, setKeySecret] = useState(DEFAULT_KEY_SECRET);
  const [key, setKey] = useState('');
  const s = studioStore().getState;

  useEffect(() => void s().loadWebhookListeners(), [s, path]);
  if (streams.length === 0) return null;

  const chosen = streams.includes(stream) ? stream : streams[0]!;
  const portNumber = wholeNumber(port, 65_535);
  const pollMinutes = wholeNumber(minutes, 1440);
  const problem =
    portNumber === undefined
      ? 'Port: a whole number from 0 to 65535 (0 picks a free one).'
      : pollMinutes === undefined
        ? 'Check every: a whole number of minutes, up to 1440 (0: never).'
        : null;

  const saveKey = async (event: FormEvent) => {
    event.preventDefault();
    const typed = key;
    setKey('');
    if (typed !== '' && keySecret.trim() !== '') await s().storeSecret(keySecret.trim(), typed);
  };

  return (
    <fieldset className="conn-group" aria-label="Listen for changes">
      <legend>Listen for changes</legend>
      <p className="muted">
        {systemLabel} sends a webhook when an employee changes; the studio applies each change at once through this
        pipeline's mapping, as <code>ml-connector webhooks serve</code> does, and also checks {systemLabel} on a
        schedule for anything a webhook missed.
      </p>
      {listener ? (
        <>
          <p className="conn-hook-address" role="status" aria-label="Webhook address">
            Listening for {listener.stream}. Give {systemLabel} this address: <code>{listener.url}</code>
            <br />
            <small className="muted">
              {systemLabel} posts only to https: put an HTTPS proxy in front of it.{' '}
              {listener.pollEverySeconds === 0
                ? 'No scheduled checks.'
                : `Checks ${systemLabel} every ${Math.round(listener.pollEverySeconds / 60)} minutes.`}{' '}
              It uses the pipeline as it was at the start: after editing the mapping, stop and listen again.
            </small>
          </p>
          <div className="conn-ping-bar">
            <button type="button" disabled={action !== undefined} onClick={() => void s().pollNow(connection)}>
              {action === 'polling' ? 'Checking…' : 'Check for changes now'}
            </button>
            <button type="button" disabled={action !== undefined} onClick={() => void s().stopListening(connection)}>
              {action === 'stopping' ? 'Stopping…' : 'Stop listening'}
            </button>
          </div>
          <WebhookLog log={listener.log} />
        </>
      ) : (
        <>
          <div className="conn-hook-options">
            {streams.length > 1 && (
              <label className="conn-field">
                <span>Stream</span>
                <select value={chosen} onChange={(event) => setStream(event.target.value)}>
                  {streams.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="conn-field">
              <span>Port</span>
              <input
                aria-label="Port"
                value={port}
                inputMode="numeric"
                onChange={(event) => setPort(event.target.value)}
              />
            </label>
            <label className="conn-field">
              <span>Check every (minutes)</span>
              <input
                aria-label="Check every (minutes)"
                value={minutes}
                inputMode="numeric"
                onChange={(event) => setMinutes(event.target.value)}
              />
            </label>
          </div>
          <form className="conn-secret-form" onSubmit={(event) => void saveKey(event)}>
            <label className="conn-field">
              <span>Secret name of the webhook's private key</span>
              <input
                aria-label="Secret name of the webhook's private key"
                value={keySecret}
                spellCheck={false}
                onChange={(event) => setKeySecret(event.target.value)}
              />
            </label>
            <label className="conn-field">
              <span>Webhook private key</span>
              <input
                type="password"
                autoComplete="new-password"
                aria-label="Webhook private key"
                value={key}
                onChange={(event) => setKey(event.target.value)}
              />
            </label>
            <button type="submit" disabled={key === ''}>
              Save webhook key
            </button>
          </form>
          <small className="muted">
            {systemLabel} shows the private key once, when the webhook is created; it checks that each delivery is
            really from {systemLabel}.
          </small>
          <div className="conn-ping-bar">
            <button
              type="button"
              className="primary"
              disabled={action !== undefined || problem !== null}
              onClick={() =>
                void s().startListening(connection, {
                  stream: chosen,
                  keySecret: keySecret.trim(),
                  port: portNumber!,
                  pollEverySeconds: pollMinutes! * 60,
                })
              }
            >
              {action === 'starting' ? 'Starting…' : 'Listen for changes'}
            </button>
            {problem && <span className="conn-fail">{problem}</span>}
          </div>
        </>
      )}
      {error && (
        <p className="conn-ping-answer conn-fail" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
